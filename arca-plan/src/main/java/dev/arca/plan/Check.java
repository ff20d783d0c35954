package dev.arca.plan;

import java.time.Duration;
import java.util.Optional;

/** One way to tell that a system works: after a restore, in a drill, or while monitoring. */
public sealed interface Check {

    /** A short human description, as listed in documents and reports. */
    String describe();

    /** An HTTP GET that must answer with the expected status. */
    record Http(String url, int expectStatus, Duration timeout) implements Check {
        @Override
        public String describe() {
            return "HTTP GET " + url + " answers " + expectStatus;
        }
    }

    /** A TCP connection that must be accepted. */
    record Tcp(String host, int port, Duration timeout) implements Check {
        @Override
        public String describe() {
            return "TCP " + host + ":" + port + " accepts connections";
        }
    }

    /** A query against one of the system's database sources whose single value must satisfy {@code expect}. */
    record Sql(String query, Optional<String> source, Expectation expect) implements Check {
        @Override
        public String describe() {
            return "SQL `" + query + "` " + expect;
        }
    }

    /** A command that must exit with the expected status. */
    record Command(String command, int expectExit, Duration timeout) implements Check {
        @Override
        public String describe() {
            return "command `" + command + "` exits " + expectExit;
        }
    }
}
