package fr.caducee.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.james.utils.DataProbeImpl;

/**
 * The demo domain and boxes created on the first start of a development server, so that a newcomer can log in
 * from a mail client at once. Passwords are random and written to {@code demo-accounts.txt} in the data folder.
 */
final class DemoData {
    static final String DOMAIN = "caducee.localhost";
    static final String PATIENT_DOMAIN = "patient." + DOMAIN;
    static final List<String> BOXES = List.of(
        "dr.martin@" + DOMAIN,            // nominative (PER): a general practitioner
        "pharmacie.centrale@" + DOMAIN,   // nominative (PER): a pharmacist
        "cardiologie@" + DOMAIN,          // organisational (ORG): a hospital ward's team
        "dpi@" + DOMAIN,                  // applicative (APP): the hospital information system
        "146026322000196@" + PATIENT_DOMAIN); // a patient, by INS matricule

    private DemoData() {
    }

    /** Creates the demo data unless the data folder already has it; returns the account file. */
    static Path seedOnFirstStart(DataProbeImpl data, Path dataDir) throws Exception {
        Path accounts = dataDir.resolve("demo-accounts.txt");
        if (Files.exists(accounts)) {
            return accounts;
        }
        for (String domain : List.of(DOMAIN, PATIENT_DOMAIN)) {
            if (!data.containsDomain(domain)) {
                data.addDomain(domain);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Demo boxes of this development server (login = address). Not for production.");
        for (String box : BOXES) {
            String password = randomPassword();
            data.addUser(box, password);
            lines.add(box + " " + password);
        }
        write(accounts, lines);
        return accounts;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions protect it
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
