from unittest import mock

from openai import OpenAI

from app.services import chat


def test_draft_reply_uses_the_configured_model():
    with mock.patch.object(chat.client.chat.completions, "create") as create:
        create.return_value.choices = [mock.Mock(message=mock.Mock(content="ok"))]
        chat.draft_reply("my car was hit")
        assert create.call_args.kwargs["model"] == "gpt-4o"
        OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[])
