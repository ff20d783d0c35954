package dev.arca.plan;

import java.util.Optional;

/** A way to deliver a notification. */
public sealed interface Channel {

    String name();

    /** The plan's {@code type:} word. */
    String type();

    /** Email through an SMTP server ({@code smtp://host:port} or {@code smtps://host:port}). */
    record Email(String name, String smtp, String from, Optional<String> user, Optional<SecretRef> password)
            implements Channel {
        @Override
        public String type() {
            return "email";
        }
    }

    /** An HTTP POST of a JSON message; {@code slack} shapes the body for Slack-compatible receivers. */
    record Webhook(String name, String url, boolean slack) implements Channel {
        @Override
        public String type() {
            return "webhook";
        }
    }

    /** SMS through an HTTP gateway. */
    record Sms(String name, String gateway, Optional<SecretRef> token) implements Channel {
        @Override
        public String type() {
            return "sms";
        }
    }

    /** A local command that receives the message on standard input. */
    record Command(String name, String command) implements Channel {
        @Override
        public String type() {
            return "command";
        }
    }
}
