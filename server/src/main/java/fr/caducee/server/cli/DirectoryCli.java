package fr.caducee.server.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.caducee.directory.ldap.OpenLdapSchema;
import fr.caducee.trust.admin.AdminToken;

/**
 * The directory's command line: the same operations as the {@code /directory} WebAdmin routes, for an operator at
 * a shell on the server (WebAdmin listens on loopback). Run through {@code scripts/directory}; {@code help} lists
 * the commands. Record fields are given as options named after the JSON fields ({@code --last-name} for
 * {@code lastName}); repeat {@code --member} for several members. Each request is signed with the operator key of
 * the data folder ({@code --data}). Exit status: 0 done, 1 refused, 2 bad usage or operator key unreadable, 3 server
 * unreachable.
 */
public final class DirectoryCli {

    static final String USAGE = """
        Usage: scripts/directory [--webadmin URL] [--data DIR] COMMAND ...
          box list [--after ADDRESS] [--limit N]       box show ADDRESS
          box put ADDRESS --type PER|ORG|APP|CAB [--professional IDNAT] [--structure ID] [--responsible IDNAT]
                          [--member IDNAT ...] [--liste-rouge true] [--service TEXT] [--software-ref REF]
          box suspend ADDRESS                          box activate ADDRESS
          box password ADDRESS                         (asks for the new password, or reads it from stdin)
          professional list|show|put IDNAT --last-name N [--first-name F] [--title DR] [--profession-code 10]
                          [--profession-label L] [--specialty-code C] [--specialty-label L]
          structure list|show|put ID --name N [--trade-name T] [--postal-code P] [--town T]
          patient list|show|put INS --last-name N [--first-name F] [--birth-date YYYY-MM-DD] [--domain D]
          patient password INS                         patient dispensing INS --pharmacy ID --date YYYY-MM-DD
          import extract FILE [--org-responsible IDNAT]   import ldif FILE
                          (the extract names no responsible for ORG boxes: new ones get their line's
                          professional, else --org-responsible, else the line is rejected)
          whitelist show [--domains]                   whitelist domain NAME
          whitelist refresh [--force]                  (--force: install even if it removes more than half
                                                        of the domains, once you have checked it is genuine)
          schema                                       (our LDAP schema in OpenLDAP cn=config form, for ldapadd)
          token [--minutes N] [--header]               (a WebAdmin token for other clients, valid N minutes, default
                          15, at most 1440; --header prints it as a header line, for curl -H @-)
          token --metrics [--days N]                   (a token that reads GET /metrics only, for Prometheus's
                          credentials_file: valid N days, default 365, at most 400)
        WebAdmin defaults to http://127.0.0.1:10080 (or $CADUCEE_WEBADMIN). Each request carries a token signed with
        the operator key of the server's data folder, DIR/pki/webadmin/operator-key.pem (default ./data, or
        $CADUCEE_DATA): run as the account that runs the server.""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> COLLECTIONS = Map.of(
        "box", "boxes", "professional", "professionals", "structure", "structures", "patient", "patients");

    private final WebAdminClient webAdmin;
    private final PrintStream out;
    private final PrintStream err;

    DirectoryCli(String webAdmin, Path dataDir, PrintStream out, PrintStream err) {
        this.webAdmin = new WebAdminClient(webAdmin, dataDir);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(fromEnvironment(Arrays.asList(args)));
    }

    /** Runs a command with {@code --webadmin}/{@code --data} first if given, else CADUCEE_WEBADMIN/CADUCEE_DATA. */
    static int fromEnvironment(List<String> args) {
        List<String> arguments = new ArrayList<>(args);
        String webAdmin = System.getenv().getOrDefault("CADUCEE_WEBADMIN", WebAdminClient.DEFAULT_URL);
        String data = System.getenv().getOrDefault("CADUCEE_DATA", "data");
        while (arguments.size() >= 2 && (arguments.get(0).equals("--webadmin") || arguments.get(0).equals("--data"))) {
            if (arguments.get(0).equals("--webadmin")) {
                webAdmin = arguments.get(1);
            } else {
                data = arguments.get(1);
            }
            arguments = arguments.subList(2, arguments.size());
        }
        return new DirectoryCli(webAdmin, Path.of(data), System.out, System.err).run(arguments);
    }

    int run(List<String> args) {
        try {
            if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
                out.println(USAGE);
                return args.isEmpty() ? 2 : 0;
            }
            return dispatch(args.get(0), args.subList(1, args.size()));
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (WebAdminClient.OperatorKeyUnreadable e) {
            err.println(e.getMessage());
            return 2;
        } catch (WebAdminClient.Unreachable e) {
            err.println(e.getMessage());
            return 3;
        } catch (IOException e) {
            err.println("WebAdmin at " + webAdmin.baseUrl() + " failed: " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
    }

    private int dispatch(String command, List<String> args) throws IOException, InterruptedException {
        switch (command) {
            case "schema":
                // Needs no server: the schema ships with the directory module.
                out.print(OpenLdapSchema.cnConfigLdif());
                return 0;
            case "token":
                return token(args);
            case "whitelist":
                return switch (word(args, 0, "show, domain or refresh")) {
                    case "show" -> send("GET", "/directory/whitelist"
                        + (flag(args, "--domains") ? "?domains=true" : ""), null, null);
                    case "domain" -> send("GET", "/directory/whitelist/domains/"
                        + path(word(args, 1, "the domain")), null, null);
                    case "refresh" -> send("POST", "/directory/whitelist/refresh"
                        + (flag(args, "--force") ? "?force=true" : ""), "", null);
                    default -> throw new UsageException("whitelist show [--domains] | whitelist domain NAME | "
                        + "whitelist refresh [--force]");
                };
            case "import":
                String format = word(args, 0, "extract or ldif");
                if (!format.equals("extract") && !format.equals("ldif")) {
                    throw new UsageException("import extract FILE | import ldif FILE");
                }
                Path file = Path.of(word(args, 1, "the file to import"));
                if (!Files.isReadable(file)) {
                    throw new UsageException("cannot read " + file);
                }
                Map<String, List<String>> importOptions = options(args.subList(2, args.size()));
                String query = importOptions.containsKey("orgResponsible")
                    ? "?orgResponsible=" + URLEncoder.encode(importOptions.get("orgResponsible").get(0), StandardCharsets.UTF_8)
                    : "";
                return send("POST", "/directory/imports/" + format + query, null, file);
            default:
                String collection = COLLECTIONS.get(command);
                if (collection == null) {
                    throw new UsageException("unknown command '" + command + "'");
                }
                return record(command, collection, args);
        }
    }

    private int record(String kind, String collection, List<String> args) throws IOException, InterruptedException {
        String action = word(args, 0, "list, show or put");
        String base = "/directory/" + collection;
        if (action.equals("list")) {
            Map<String, List<String>> options = options(args.subList(1, args.size()));
            StringBuilder query = new StringBuilder();
            options.forEach((name, values) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(values.get(0), StandardCharsets.UTF_8)));
            return send("GET", base + query, null, null);
        }
        String key = path(word(args, 1, "the " + kind + "'s key"));
        Map<String, List<String>> options = options(args.subList(2, args.size()));
        return switch (action) {
            case "show" -> send("GET", base + "/" + key, null, null);
            case "put" -> send("PUT", base + "/" + key, body(options).toString(), null);
            case "suspend", "activate" -> send("POST", base + "/" + key + "/" + action, "", null);
            case "password" -> send("PUT", base + "/" + key + "/password",
                JSON.createObjectNode().put("password", readPassword()).toString(), null);
            case "dispensing" -> send("POST", base + "/" + key + "/dispensings", body(options).toString(), null);
            default -> throw new UsageException("unknown action '" + action + "' for " + kind);
        };
    }

    /** Prints a token for clients other than this one (curl, a monitoring script): never passed on a command line. */
    private int token(List<String> args) {
        boolean header = false;
        boolean metrics = false;
        long minutes = AdminToken.DEFAULT_LIFETIME.toMinutes();
        long days = 365;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--header")) {
                header = true;
            } else if (args.get(i).equals("--metrics")) {
                metrics = true;
            } else if (args.get(i).equals("--days") && i + 1 < args.size()) {
                try {
                    days = Long.parseLong(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new UsageException("--days must be a whole number of days");
                }
            } else if (args.get(i).equals("--minutes") && i + 1 < args.size()) {
                try {
                    minutes = Long.parseLong(args.get(++i));
                } catch (NumberFormatException e) {
                    throw new UsageException("--minutes must be a whole number of minutes");
                }
            } else {
                throw new UsageException("token [--minutes N] [--header] | token --metrics [--days N], not '"
                    + args.get(i) + "'");
            }
        }
        if (metrics) {
            if (days < 1 || days > AdminToken.METRICS_MAX_LIFETIME.toDays()) {
                throw new UsageException("--days must be between 1 and " + AdminToken.METRICS_MAX_LIFETIME.toDays());
            }
            String token = webAdmin.metricsToken(Duration.ofDays(days));
            out.println(header ? "Authorization: Bearer " + token : token);
            return 0;
        }
        if (minutes < 1 || minutes > AdminToken.MAX_LIFETIME.toMinutes()) {
            throw new UsageException("--minutes must be between 1 and " + AdminToken.MAX_LIFETIME.toMinutes());
        }
        String token = webAdmin.token(Duration.ofMinutes(minutes));
        out.println(header ? "Authorization: Bearer " + token : token);
        return 0;
    }

    private int send(String method, String path, String body, Path file) throws IOException, InterruptedException {
        WebAdminClient.Answer answer = file != null
            ? webAdmin.send(method, path, HttpRequest.BodyPublishers.ofFile(file), "text/plain; charset=utf-8")
            : webAdmin.send(method, path, body);
        String text = answer.body().isBlank() ? (answer.ok() ? "done" : "") : pretty(answer.body());
        (answer.ok() ? out : err).println(answer.ok() ? text : "refused (" + answer.status() + "): " + text);
        return answer.ok() ? 0 : 1;
    }

    private static String pretty(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("message") && node.has("statusCode")) {
                return node.get("message").asText() + (node.hasNonNull("details") ? " (" + node.get("details").asText() + ")" : "");
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException notJson) {
            return body;
        }
    }

    /** {@code --last-name Durand --member A --member B} becomes {"lastName":"Durand","members":["A","B"]}. */
    static ObjectNode body(Map<String, List<String>> options) {
        ObjectNode node = JSON.createObjectNode();
        options.forEach((name, values) -> {
            if (name.equals("member")) {
                ArrayNode members = node.putArray("members");
                values.forEach(members::add);
            } else if (name.equals("listeRouge")) {
                node.put(name, Boolean.parseBoolean(values.get(0)));
            } else {
                node.put(name, values.get(values.size() - 1));
            }
        });
        return node;
    }

    static Map<String, List<String>> options(List<String> args) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!name.startsWith("--") || i + 1 >= args.size()) {
                throw new UsageException("expected --option value, found '" + name + "'");
            }
            options.computeIfAbsent(camel(name.substring(2)), k -> new ArrayList<>()).add(args.get(i + 1));
        }
        return options;
    }

    private static String camel(String kebab) {
        StringBuilder s = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return s.toString();
    }

    private static String path(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether {@code name} is among the arguments after the first; any other option is a usage error. */
    private static boolean flag(List<String> args, String name) {
        for (String arg : args.subList(1, args.size())) {
            if (!arg.equals(name)) {
                throw new UsageException("unknown option " + arg + " (expected " + name + ")");
            }
        }
        return args.size() > 1;
    }

    private static String word(List<String> args, int index, String what) {
        if (args.size() <= index) {
            throw new UsageException("missing " + what);
        }
        return args.get(index);
    }

    private String readPassword() {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new UsageException("the two passwords differ");
            }
            return new String(first);
        }
        Scanner scanner = new Scanner(System.in, StandardCharsets.UTF_8);
        if (!scanner.hasNextLine()) {
            throw new UsageException("no password on standard input");
        }
        return scanner.nextLine();
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
