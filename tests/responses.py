"""Reading what a view answered, streamed or not."""


def body(response):
    """The response's bytes: a streamed download is read to its end."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
