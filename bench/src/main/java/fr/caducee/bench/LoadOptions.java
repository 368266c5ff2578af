package fr.caducee.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What {@link SubmissionLoad} was asked to do, parsed from {@code --name value} arguments. */
record LoadOptions(
        String host,
        int port,
        Path ca,
        String from,
        String password,
        String to,
        int messages,
        int connections,
        int size,
        Integer imapsPort,
        String toPassword,
        int inboxTimeoutSeconds) {

    static final String USAGE = """
        usage: SubmissionLoad --port P --ca FILE --from ADDR --password PW --to ADDR [options]
          --host NAME          server name, must match its certificate (default localhost)
          --messages N         messages to submit (default 1000)
          --connections C      parallel submission connections (default 4)
          --size BYTES         UTF-8 body size of each message (default 4096)
          --imaps-port P       then wait until the recipient's INBOX holds every accepted message
          --to-password PW     the recipient's password, required with --imaps-port
          --inbox-timeout S    give up waiting for the INBOX after S seconds (default 600)""";

    private static final Set<String> NAMES = Set.of("host", "port", "ca", "from", "password", "to", "messages",
        "connections", "size", "imaps-port", "to-password", "inbox-timeout");

    static LoadOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            values.put(name, args[++i]);
        }
        Integer imapsPort = values.containsKey("imaps-port") ? positive(values, "imaps-port", null) : null;
        LoadOptions options = new LoadOptions(
            values.getOrDefault("host", "localhost"),
            positive(values, "port", null),
            Path.of(required(values, "ca")),
            required(values, "from"),
            required(values, "password"),
            required(values, "to"),
            positive(values, "messages", 1000),
            positive(values, "connections", 4),
            positive(values, "size", 4096),
            imapsPort,
            imapsPort == null ? values.get("to-password") : required(values, "to-password"),
            positive(values, "inbox-timeout", 600));
        if (options.connections() > options.messages()) {
            throw new IllegalArgumentException("--connections exceeds --messages");
        }
        return options;
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int positive(Map<String, String> values, String name, Integer fallback) {
        String value = values.get(name);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive integer, not " + value);
    }
}
