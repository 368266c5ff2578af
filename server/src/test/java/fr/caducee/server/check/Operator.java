package fr.caducee.server.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * A production-like configuration in a temporary folder, as an operator writes it: a configuration folder with
 * caducee.properties and the development whitelist, a trust-anchor folder holding a CA's root, a server keystore
 * that CA issued and its password in an owner-only file.
 */
final class Operator {
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final char[] SECRET = "keystore-password".toCharArray();

    final Path config;
    final Path anchors;
    final Path data;
    final Path keystore;
    final Path secretFile;
    final CertificateAuthority authority;
    private final StringBuilder file = new StringBuilder();

    Operator(Path root) throws IOException {
        config = Files.createDirectories(root.resolve("conf"));
        anchors = Files.createDirectories(root.resolve("trust-anchors"));
        data = Files.createDirectories(root.resolve("data"));
        Files.writeString(config.resolve("smtpserver.xml"), "<smtpservers/>\n");
        for (String shipped : List.of("liste-blanche.xml", "record-access-matrix.txt")) {
            Files.copy(repository().resolve("james-config").resolve(shipped), config.resolve(shipped));
        }
        authority = CertificateAuthority.createRoot("Operator test CA", NOW.minus(Duration.ofDays(365)),
            NOW.plus(Duration.ofDays(3650)));
        Files.writeString(anchors.resolve("operator-ca.pem"), pem(authority));
        keystore = root.resolve("server.p12");
        serverCertificate(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(365)));
        secretFile = root.resolve("tls.secret");
        Files.writeString(secretFile, new String(SECRET) + "\n");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        set("caducee.tls.keystore", keystore.toString());
        set("caducee.tls.secretFile", secretFile.toString());
        set("caducee.smime.sign", "false");
        set("caducee.demo", "false");
    }

    /** Replaces the server keystore by one whose certificate is valid over these dates. */
    IssuedCertificate serverCertificate(Instant notBefore, Instant notAfter) throws IOException {
        IssuedCertificate issued = authority.issue(LeafRequest.builder("mx.operator.test").dnsName("mx.operator.test")
            .serverAuth(true).clientAuth(true).validity(notBefore, notAfter).build());
        issued.writePkcs12(keystore, SECRET, "server");
        return issued;
    }

    Operator set(String key, String value) {
        file.append(key).append('=').append(value).append('\n');
        return this;
    }

    Findings check(Map<String, String> environment, boolean network) throws IOException {
        Files.writeString(config.resolve("caducee.properties"), file.toString());
        Properties commandLine = new Properties();
        commandLine.setProperty("caducee.config", config.toString());
        commandLine.setProperty("caducee.data", data.toString());
        commandLine.setProperty("caducee.trustAnchors", anchors.toString());
        return ConfigurationCheck.run(commandLine, environment, network, NOW);
    }

    Findings check() throws IOException {
        return check(Map.of(), false);
    }

    static List<String> lines(Findings findings) {
        return findings.lines();
    }

    static String pem(CertificateAuthority authority) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(authority.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("james-config")) && Files.isDirectory(dir.resolve("server"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository's james-config not found above the working directory");
    }
}
