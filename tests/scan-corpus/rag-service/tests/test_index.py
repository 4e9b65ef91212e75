from rag import index


def test_build(tmp_path):
    from llama_index.llms.openai import OpenAI

    llm = OpenAI(model="gpt-4o-mini")
    assert index.build(str(tmp_path)) is not None
