"""A small OpenAI-compatible chat server on 127.0.0.1: canned replies, recorded requests.

A request with `"stream": true` gets its reply as server-sent events, one
`chat.completion.chunk` per word, then `data: [DONE]`. With `hold_after` set, the server stops
after that many words until `resume` is set: a test can check that the first words reached the
client while the server still held the rest.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOLD_TIMEOUT = 10.0  # seconds a held stream waits for `resume` before going on anyway


class CannedOpenAIServer:
    """Serves /v1/chat/completions from a queue of replies; records each request body."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.requests: list[dict[str, Any]] = []
        self.hold_after: int | None = None
        self.resume = threading.Event()
        self.finished = threading.Event()  # set when a streamed reply has been sent whole
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(body)
                if not self.path.endswith("/chat/completions") or not server.replies:
                    self.send_error(404 if server.replies else 500, "no canned reply")
                    return
                reply = server.replies.pop(0)
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._complete(body, reply)

            def _complete(self, body: dict[str, Any], reply: str) -> None:
                payload = {
                    **server.envelope(body, "chat.completion"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], reply: str) -> None:
                # HTTP/1.0 without Content-Length: the body ends when the connection closes.
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                self._event(server.chunk(body, {"role": "assistant", "content": ""}))
                for i, word in enumerate(re.findall(r"\S+\s*|\s+", reply)):
                    if i == server.hold_after:
                        server.resume.wait(HOLD_TIMEOUT)
                    self._event(server.chunk(body, {"content": word}))
                self._event(server.chunk(body, {}, finish_reason="stop"))
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
                    self._event({**server.envelope(body, "chat.completion.chunk"), "usage": usage})
                self.wfile.write(b"data: [DONE]\n\n")
                server.finished.set()

            def _event(self, payload: dict[str, Any]) -> None:
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def envelope(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        """The fields every completion or chunk carries."""
        return {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": kind,
            "created": int(time.time()),
            "model": body.get("model", "canned"),
            "choices": [],
        }

    def chunk(
        self, body: dict[str, Any], delta: dict[str, str], finish_reason: str | None = None
    ) -> dict[str, Any]:
        """One `chat.completion.chunk` carrying `delta`."""
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
        return {**self.envelope(body, "chat.completion.chunk"), "choices": [choice]}

    def __enter__(self) -> CannedOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.resume.set()
        self._httpd.shutdown()
        self._httpd.server_close()
