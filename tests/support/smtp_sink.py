"""A real SMTP server for the email tests (aiosmtpd), on loopback.

Usage: smtp_sink.py PORT DIR

Every message it accepts is written to DIR as NNNNN.json: the envelope recipients, the
decoded subject, every header (by name), the plain-text and HTML bodies and every attachment. While a file DIR/refuse exists,
it answers every message with a temporary failure (451), as a server that is refusing mail.
While a file DIR/delay exists, holding a number of seconds, it waits that long before
accepting each message (other connections are served meanwhile), as a slow server.
While a file DIR/discard exists, it accepts every message without reading or writing it, so
a throughput measurement measures the sender rather than this sink's JSON files.
It prints "ready" once it listens.
"""

import asyncio
import email
import email.policy
import json
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = len([f for f in os.listdir(directory) if f.endswith(".json")])

    def flag(self, name):
        return os.path.join(self.directory, name)

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(self.flag("refuse")):
            return "451 4.3.0 Mailbox temporarily unavailable"
        if os.path.exists(self.flag("discard")):
            return "250 OK"
        try:
            with open(self.flag("delay")) as f:
                await asyncio.sleep(float(f.read().strip() or 0))
        except FileNotFoundError:
            pass
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        attachments = []
        for part in message.iter_attachments():
            attachments.append(
                {
                    "contentType": part.get_content_type(),
                    "method": part.get_param("method"),
                    "filename": part.get_filename(),
                    "content": part.get_content() if part.get_content_maintype() == "text" else "",
                }
            )
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "messageId": str(message["message-id"]),
            "headers": {name: str(value) for name, value in message.items()},
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            "attachments": attachments,
        }
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:05}.json")
        with open(path + ".partial", "w") as f:
            json.dump(record, f)
        os.rename(path + ".partial", path)
        return "250 OK"


async def main(port, directory):
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
