package fr.caducee.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import fr.caducee.testkit.ClientTls;

/**
 * Ends sessions {@link WebmailLogin} opened, as the layout's logout button does ({@code POST /deconnexion} with the
 * session's token), from line {@code --from} (1 for the first) of the sessions file to its end. Prints one key=value
 * line; exits 1 if a logout was not answered as one is (a 303 to the login page).
 */
public final class WebmailLogout {
    static final String USAGE = "usage: WebmailLogout --base https://HOST:PORT --ca CA.pem --sessions FILE [--from 1]";

    private WebmailLogout() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = CommandLine.parseOrExit(USAGE, args, new String[] {"base", "ca", "sessions", "from"},
            "base", "ca", "sessions");
        SSLContext tls = ClientTls.trusting(line.path("ca"));
        WebmailClient browser = new WebmailClient(WebmailClient.http(tls, null), URI.create(line.text("base", null)));
        List<String> sessions = Files.readAllLines(line.path("sessions"), StandardCharsets.UTF_8);
        int ended = 0;
        int failed = 0;
        for (String session : sessions.subList(Math.min(line.positive("from", 1) - 1, sessions.size()), sessions.size())) {
            String[] fields = session.strip().split(" ");
            if (fields.length != 3) {
                continue;
            }
            browser.resume(fields[1], fields[2]);
            WebmailClient.Answer answer = browser.logOut();
            if (answer.status() == 303 && answer.location().orElse("").startsWith("/connexion")) {
                ended++;
            } else if (failed++ == 0) {
                System.err.println("logout of " + fields[0] + ": " + answer.outcome());
            }
        }
        System.out.printf(Locale.ROOT, "ended=%d failed=%d%n", ended, failed);
        System.exit(failed == 0 ? 0 : 1);
    }
}
