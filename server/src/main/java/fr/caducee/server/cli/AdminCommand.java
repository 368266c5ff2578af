package fr.caducee.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that acts on a running server through WebAdmin and answers with the exit statuses of {@link Caducee}: a
 * server that does not answer is {@link Caducee#UNREACHABLE}, a WebAdmin refusal ({@code 404} an unknown queue,
 * mail or repository; {@code 5xx}) is {@link Caducee#PROBLEMS} with WebAdmin's sentence, a bad request
 * {@link Caducee#USAGE}. Never a stack trace.
 */
abstract class AdminCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    WebAdminOptions webAdmin;

    @Spec
    CommandSpec spec;

    /** WebAdmin refused the request: its status and its sentence. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The operator's input cannot be right, whatever the server holds. */
    static final class BadUsage extends Exception {
        BadUsage(String message) {
            super(message);
        }
    }

    /** The command's work, given a client of the server's WebAdmin. */
    abstract int run(WebAdminClient client) throws IOException, InterruptedException, Refused, BadUsage;

    @Override
    public final Integer call() {
        try {
            return run(webAdmin.client());
        } catch (BadUsage e) {
            err().println(name() + ": " + e.getMessage());
            return Caducee.USAGE;
        } catch (Refused e) {
            err().println(name() + ": " + e.getMessage());
            return e.status == 400 ? Caducee.USAGE : Caducee.PROBLEMS;
        } catch (WebAdminClient.OperatorKeyUnreadable e) {
            err().println(name() + ": " + e.getMessage() + " (--data: the server's data folder, read as its account)");
            return Caducee.PROBLEMS;
        } catch (WebAdminClient.Unreachable e) {
            err().println(name() + ": " + e.getMessage());
            return Caducee.UNREACHABLE;
        } catch (IOException e) {
            err().println(name() + ": WebAdmin at " + webAdmin.client().baseUrl() + " failed: " + e.getMessage());
            return Caducee.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println(name() + ": interrupted");
            return Caducee.PROBLEMS;
        }
    }

    /** The answer's JSON when WebAdmin answered 2xx; otherwise its sentence as {@link Refused}. */
    static JsonNode expect(WebAdminClient.Answer answer) throws Refused {
        if (!answer.ok()) {
            throw new Refused(answer.status(), sentence(answer));
        }
        try {
            return answer.body() == null || answer.body().isBlank() ? JSON.nullNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new Refused(502, "WebAdmin answered " + answer.status() + " with a body that is not JSON");
        }
    }

    /** WebAdmin's error sentence ({@code message}, and James's {@code details} when it gives one). */
    static String sentence(WebAdminClient.Answer answer) {
        try {
            JsonNode error = JSON.readTree(answer.body());
            String message = error.path("message").asText("");
            String details = error.path("details").asText("");
            if (!message.isEmpty()) {
                return message + (details.isEmpty() || details.equals(message) ? "" : ": " + details);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: said below with the status
        }
        return "WebAdmin answered " + answer.status();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A mail's or a repository key's name as the operator types it: printable ASCII, no space. */
    static String checkedName(String what, String name) throws BadUsage {
        if (name == null || !name.matches("[\\x21-\\x7e]{1,255}")) {
            throw new BadUsage(what + " '" + name + "' is not one: printable characters without spaces, as `list` "
                + "shows them");
        }
        return name;
    }

    static String checkedAddress(String what, String address) throws BadUsage {
        if (address == null || !address.matches("[^\\s@<>]+@[^\\s@<>]+")) {
            throw new BadUsage(what + " '" + address + "' is not an address (local@domain)");
        }
        return address;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private String name() {
        return spec.qualifiedName();
    }
}
