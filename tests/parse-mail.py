#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Parses one received message with Python's email package (the standard
policy) and prints what a mail reader would show, as a GKeyFile group."""

import email
import email.policy
import sys


def escape(value):
    return (str(value).replace("\\", "\\\\").replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def main():
    with open(sys.argv[1], "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    fields = {
        "from": message["From"],
        "from-name": message["From"].addresses[0].display_name,
        "from-address": message["From"].addresses[0].addr_spec,
        "to": message["To"],
        "subject": message["Subject"],
        "date": message["Date"],
        "message-id": message["Message-ID"],
        "mime-version": message["MIME-Version"],
        "content-type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "transfer-encoding": message["Content-Transfer-Encoding"],
        "body": message.get_content(),
        "defects": len(message.defects),
    }
    print("[mail]")
    for key, value in fields.items():
        print(f"{key}={escape(value)}")


main()
