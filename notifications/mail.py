from django.core.mail.backends import console


class ConsoleBackend(console.EmailBackend):
    """Django's console backend, printing each e-mail as its recipient would read it. The
    stock one prints the MIME message, whose Vietnamese text is base64: unreadable."""

    def write_message(self, message):
        self.stream.write(
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\n"
            f"Subject: {message.subject}\n\n{message.body}\n"
        )
        self.stream.write("-" * 79 + "\n")
