from langchain.chat_models import init_chat_model
from langchain_anthropic import ChatAnthropic
from langchain_aws import ChatBedrockConverse
from langchain_core.prompts import ChatPromptTemplate
from langchain_ollama import ChatOllama
from langchain_openai import AzureChatOpenAI, ChatOpenAI, OpenAIEmbeddings

llm = ChatOpenAI(model="gpt-4o", temperature=0)  # expect-model: gpt-4o
legacy = ChatOpenAI(model_name="gpt-3.5-turbo")  # expect-model: gpt-3.5-turbo
embeddings = OpenAIEmbeddings(model="text-embedding-3-large")  # expect-model: text-embedding-3-large
claude = ChatAnthropic(model="claude-3-5-haiku-latest")  # expect-model: claude-3-5-haiku-latest
bedrock = ChatBedrockConverse(model_id="anthropic.claude-3-5-sonnet-20240620-v1:0")  # expect-model: anthropic.claude-3-5-sonnet-20240620-v1:0
local = ChatOllama(model="llama3.1:8b")  # expect-model: llama3.1:8b
azure = AzureChatOpenAI(azure_deployment="chat-prod", model="gpt-4o-mini")  # expect-model: gpt-4o-mini
generic = init_chat_model("anthropic:claude-3-7-sonnet-latest")  # expect-model: anthropic:claude-3-7-sonnet-latest

prompt = ChatPromptTemplate.from_messages([("system", "You are gpt-4o.")])
chain = prompt | llm
