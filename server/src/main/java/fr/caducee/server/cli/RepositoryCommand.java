package fr.caducee.server.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code caducee repository}: the mail repositories (mail kept for the operator: {@code error} when a mailet failed,
 * {@code relay-denied}, {@code remote-refused}, ...), over James's {@code /mailRepositories} routes. A repository is
 * named by its path ({@code var/mail/error}) or its last folder ({@code error}).
 */
@Command(name = "repository", mixinStandardHelpOptions = true, description = "List, show, reprocess or delete the mail repositories' mail (the error "
    + "repository).",
    subcommands = {RepositoryCommand.ListRepositories.class, RepositoryCommand.Show.class,
        RepositoryCommand.Reprocess.class, RepositoryCommand.Delete.class})
final class RepositoryCommand {
    static final String BASE = "/mailRepositories";
    /** Where a reprocessed mail starts when its error names no mailet of one processor: the first, as if just received. */
    static final String DEFAULT_PROCESSOR = "root";
    /** The most keys read to find where each mail of a repository failed. */
    static final int MOST_KEYS = 100_000;

    /** {@code error} → {@code var/mail/error}, as WebAdmin names it; a path is kept, without a final slash. */
    static String path(String name) throws AdminCommand.BadUsage {
        AdminCommand.checkedName("repository", name);
        String path = (name.contains("/") ? name : "var/mail/" + name).replaceAll("/+$", "");
        if (path.isEmpty()) {
            throw new AdminCommand.BadUsage("repository '" + name + "' is not one: error, or var/mail/error");
        }
        return path;
    }

    static String encodedPath(String name) throws AdminCommand.BadUsage {
        return AdminCommand.encode(path(name));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The mail repositories and how many mails each keeps.")
    static final class ListRepositories extends AdminCommand {
        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused {
            JsonNode repositories = expect(client.get(BASE));
            out().println(String.format("%-32s  %s", "REPOSITORY", "MAILS"));
            for (JsonNode repository : repositories) {
                JsonNode size = expect(client.get(BASE + "/" + repository.path("path").asText()));
                out().println(String.format("%-32s  %d", repository.path("repository").asText(),
                    size.path("size").asLong()));
            }
            return Caducee.DONE;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "The mails a repository keeps (key, sender, recipients, error), or one "
        + "mail by its key; --body prints the message.")
    static final class Show extends AdminCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The repository: error, or var/mail/error.")
        String repository;

        @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "One mail's key.")
        String key;

        @Option(names = "--body", description = "Print the whole message of KEY.")
        boolean body;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N mails (default 100).")
        int limit;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            String path = BASE + "/" + encodedPath(repository);
            if (key != null) {
                String mail = path + "/mails/" + encode(checkedName("key", key));
                print(expect(client.get(mail)));
                if (body) {
                    WebAdminClient.Answer message = client.get(mail, "message/rfc822");
                    expect(new WebAdminClient.Answer(message.status(), message.ok() ? "" : message.body()));
                    out().println();
                    out().print(message.body());
                    out().println();
                }
                return Caducee.DONE;
            }
            if (limit < 1) {
                throw new BadUsage("--limit must be 1 or more");
            }
            JsonNode keys = expect(client.get(path + "/mails?limit=" + limit));
            long size = expect(client.get(path)).path("size").asLong();
            for (JsonNode mailKey : keys) {
                JsonNode mail = expect(client.get(path + "/mails/" + encode(mailKey.asText())));
                out().println(mailKey.asText() + "  " + envelope(mail));
                String error = firstLine(mail.path("error").asText(""));
                if (!error.isEmpty()) {
                    out().println("    error: " + error);
                }
            }
            out().println("-- " + size + " mail(s) in " + path(repository) + (size > keys.size()
                ? "; the first " + keys.size() + " shown (--limit)" : ""));
            return Caducee.DONE;
        }

        private void print(JsonNode mail) {
            out().println("key:         " + key);
            out().println("sender:      " + mail.path("sender").asText("<>"));
            out().println("recipients:  " + String.join(", ", texts(mail.path("recipients"))));
            out().println("state:       " + mail.path("state").asText(""));
            out().println("last update: " + mail.path("lastUpdated").asText(""));
            out().println("remote:      " + mail.path("remoteHost").asText("") + " [" + mail.path("remoteAddr").asText("")
                + "]");
            String error = firstLine(mail.path("error").asText(""));
            out().println("error:       " + (error.isEmpty() ? "none" : error));
        }
    }

    @Command(name = "reprocess", mixinStandardHelpOptions = true, description = "Give a repository's mails (or one) back to the mailet container: in "
        + "the processor named, else the processor each failed in (its error names the mailet), else " + DEFAULT_PROCESSOR
        + "; waits for the task and prints its result.")
    static final class Reprocess extends AdminCommand {
        /** James's error for a mailet's failure: {@code Exception calling <mailet>: ...}. */
        private static final Pattern OFFENDER = Pattern.compile("^\\s*Exception calling (\\S+?):");

        @Parameters(index = "0", paramLabel = "PATH", description = "The repository: error, or var/mail/error.")
        String repository;

        @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "One mail's key; every mail when absent.")
        String key;

        @Option(names = "--processor", paramLabel = "P", description = "The processor the mails start in (default: "
            + "where each failed when its error says, else " + DEFAULT_PROCESSOR + ", as if just received).")
        String processor;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            String path = BASE + "/" + encodedPath(repository);
            expect(client.get(path));
            if (processor != null) {
                checkedName("processor", processor);
            }
            List<String> keys = new ArrayList<>();
            if (key != null) {
                keys.add(checkedName("key", key));
                expect(client.get(path + "/mails/" + encode(key)));
            } else if (processor == null) {
                expect(client.get(path + "/mails?limit=" + MOST_KEYS)).forEach(mailKey -> keys.add(mailKey.asText()));
            }
            Map<String, List<String>> byProcessor = new TreeMap<>();
            for (String mailKey : keys) {
                String target = processor != null ? processor : failedIn(client, path, mailKey);
                byProcessor.computeIfAbsent(target, p -> new ArrayList<>()).add(mailKey);
            }
            if (key == null && (processor != null || byProcessor.size() <= 1)) {
                // One processor for every mail: one task for the whole repository.
                String target = processor != null ? processor : byProcessor.keySet().stream().findFirst().orElse(DEFAULT_PROCESSOR);
                JsonNode task = expect(client.send("PATCH", path + "/mails?action=reprocess&processor=" + encode(target), null));
                return Tasks.await(client, task, this, "reprocessed into processor " + target);
            }
            int status = Caducee.DONE;
            for (Map.Entry<String, List<String>> group : byProcessor.entrySet()) {
                for (String mailKey : group.getValue()) {
                    String mail = path + "/mails/" + encode(mailKey);
                    JsonNode task = expect(client.send("PATCH", mail + "?action=reprocess&processor="
                        + encode(group.getKey()), null));
                    status = Math.max(status, Tasks.await(client, task, this, mailKey + " reprocessed into processor "
                        + group.getKey()));
                }
            }
            return status;
        }

        /** The processor holding the mailet the mail's error names, when one alone holds it; else the default. */
        private String failedIn(WebAdminClient client, String path, String mailKey)
            throws IOException, InterruptedException, Refused {
            JsonNode mail = expect(client.get(path + "/mails/" + encode(mailKey)));
            Matcher offender = OFFENDER.matcher(mail.path("error").asText(""));
            if (!offender.find()) {
                return DEFAULT_PROCESSOR;
            }
            JsonNode processors = expect(client.get(QueueCommand.BASE + "/processors?mailet=" + encode(offender.group(1))))
                .path("processors");
            return processors.size() == 1 ? processors.get(0).asText() : DEFAULT_PROCESSOR;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a repository's mail by its key, or all its mails (--all --yes).")
    static final class Delete extends AdminCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The repository: error, or var/mail/error.")
        String repository;

        @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "The mail's key.")
        String key;

        @Option(names = "--all", description = "Every mail of the repository (with --yes).")
        boolean all;

        @Option(names = {"-y", "--yes"}, description = "Confirms --all.")
        boolean yes;

        @Override
        int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage {
            String path = BASE + "/" + encodedPath(repository);
            if ((key == null) == !all) {
                throw new BadUsage("say which mails: a KEY, or --all --yes");
            }
            if (all && !yes) {
                throw new BadUsage("--all deletes every mail of " + path(repository) + ": add --yes to confirm");
            }
            expect(client.get(path));
            if (key != null) {
                String mail = path + "/mails/" + encode(checkedName("key", key));
                expect(client.get(mail));
                expect(client.send("DELETE", mail, null));
                out().println("deleted: " + path(repository) + " " + key);
                return Caducee.DONE;
            }
            JsonNode task = expect(client.send("DELETE", path + "/mails", null));
            return Tasks.await(client, task, this, "deleted");
        }
    }

    static String envelope(JsonNode mail) {
        String sender = mail.path("sender").asText("");
        return (sender.isEmpty() ? "<>" : sender) + " -> " + String.join(", ", texts(mail.path("recipients")));
    }

    static String firstLine(String error) {
        String line = error.strip().lines().findFirst().orElse("").strip();
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
