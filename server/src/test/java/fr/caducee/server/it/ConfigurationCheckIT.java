package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * A configuration with an unknown key, a wrong type, an expired certificate and an unreadable trust anchor: the
 * packaged server refuses to start, naming each problem on one line, with no stack trace, before it opens anything;
 * {@code caducee check} lists the same lines and exits 1.
 */
class ConfigurationCheckIT {
    private static final String SECRET = "operator-keystore-password";

    @TempDir
    Path work;
    private Path anchors;
    private Path keystore;
    private Map<String, String> settings;

    @BeforeEach
    void badConfiguration() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority authority = CertificateAuthority.createRoot("Operator CA for ConfigurationCheckIT",
            now.minus(Duration.ofDays(800)), now.plus(Duration.ofDays(3000)));
        anchors = Files.createDirectories(work.resolve("trust-anchors"));
        Files.writeString(anchors.resolve("operator-ca.pem"), Pem.toPem(List.of(authority.certificate())));
        Files.writeString(anchors.resolve("unreadable.pem"), "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
        keystore = work.resolve("server.p12");
        authority.issue(LeafRequest.builder("mx.operator.test").dnsName("mx.operator.test").serverAuth(true)
                .clientAuth(true).validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(2))).build())
            .writePkcs12(keystore, SECRET.toCharArray(), "server");
        settings = Map.of(
            "caducee.storage.reserveMegabyte", "64",
            "caducee.smtp.maxRecipients", "many",
            "caducee.tls.keystore", keystore.toString(),
            "caducee.trustAnchors", anchors.toString(),
            "caducee.smime.sign", "false");
    }

    @Test
    void theServerShouldRefuseToStartNamingEveryProblemWithoutAStackTrace() throws Exception {
        Path data = work.resolve("data");

        assertThatThrownBy(() -> CaduceeProcess.start(data, settings, Map.of("CADUCEE_TLS_SECRET", SECRET),
                ConfigurationCheckIT.class.getSimpleName()))
            .hasMessageContaining("server exited with 1 before it was ready");

        String console = Files.readString(console(), StandardCharsets.UTF_8);
        assertThat(problemLines(console)).anyMatch(line -> line.contains("caducee.storage.reserveMegabyte: is not a "
                + "setting of Caducée; did you mean caducee.storage.reserveMegabytes?"))
            .anyMatch(line -> line.contains("caducee.smtp.maxRecipients: must be a whole number, was 'many'"))
            .anyMatch(line -> line.startsWith("problem: " + keystore + ": caducee.tls.keystore: the certificate "
                + "CN=mx.operator.test expired on"))
            .anyMatch(line -> line.startsWith("problem: " + anchors + ": caducee.trustAnchors: trust-anchors/unreadable.pem"));
        assertThat(console).contains("Caducée does not start: 4 problems")
            .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(data.resolve("var/store/postgres")).as("nothing started").doesNotExist();
        assertThat(Files.readString(data.resolve("log/caducee.log"), StandardCharsets.UTF_8))
            .as("the same lines in the log").contains("caducee.smtp.maxRecipients: must be a whole number, was 'many'");
    }

    @Test
    void checkShouldListTheSameProblemsAndExitWithOne() throws Exception {
        Path root = CaduceeProcess.repositoryRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dcaducee.data=" + work.resolve("data"), "-Dcaducee.config=" + root.resolve("james-config")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", root.resolve("server/target/caducee-server.jar") + ":" + root.resolve("server/target/lib") + "/*",
            "fr.caducee.server.cli.Caducee", "check", "--offline"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CADUCEE_TLS_SECRET", SECRET);
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(check.exitValue()).as(output).isEqualTo(1);
        assertThat(problemLines(output)).hasSize(4)
            .anyMatch(line -> line.contains("caducee.storage.reserveMegabyte: is not a setting of Caducée"))
            .anyMatch(line -> line.contains("caducee.smtp.maxRecipients: must be a whole number, was 'many'"))
            .anyMatch(line -> line.contains("caducee.tls.keystore: the certificate CN=mx.operator.test expired on"))
            .anyMatch(line -> line.contains("caducee.trustAnchors: trust-anchors/unreadable.pem"));
        assertThat(output).contains("4 problems").doesNotContain("Exception").doesNotContain("\tat ");
    }

    private Path console() {
        return CaduceeProcess.repositoryRoot().resolve("server/target/it-logs/"
            + ConfigurationCheckIT.class.getSimpleName() + "-start1.log");
    }

    /** The {@code problem: ...} lines as printed on stderr (the log's copies carry a time and a level before). */
    private static List<String> problemLines(String output) {
        return output.lines().filter(line -> line.startsWith("problem: ")).toList();
    }
}
