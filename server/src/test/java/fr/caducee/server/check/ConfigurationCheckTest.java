package fr.caducee.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationCheckTest {
    @TempDir
    Path work;
    Operator operator;

    @BeforeEach
    void operator() throws Exception {
        operator = new Operator(work);
    }

    @Test
    void aSoundProductionConfigurationShouldHaveNoProblem() throws Exception {
        Findings findings = operator.check();

        assertThat(findings.problems()).isEmpty();
        assertThat(findings.summary()).startsWith("0 problems");
    }

    @Test
    void everyProblemShouldBeListedNotJustTheFirst() throws Exception {
        operator.set("caducee.storage.reserveMegabyte", "64")
            .set("caducee.smtp.maxRecipients", "many")
            .set("caducee.demo", "maybe");

        List<String> lines = operator.check().lines();

        assertThat(lines).contains(
            "problem: " + operator.config.resolve("caducee.properties") + ": caducee.storage.reserveMegabyte: is not a "
                + "setting of Caducée; did you mean caducee.storage.reserveMegabytes? (docs/CONFIGURATION.md lists them all)",
            "problem: " + operator.config.resolve("caducee.properties") + ": caducee.smtp.maxRecipients: must be a "
                + "whole number, was 'many'",
            "problem: " + operator.config.resolve("caducee.properties") + ": caducee.demo: must be true or false, was "
                + "'maybe'");
    }

    @Test
    void aValueOutOfItsRangeShouldBeAProblemOfThePartThatReadsIt() throws Exception {
        operator.set("caducee.gateway.maxConnections", "0").set("caducee.smtp.mime.maxDepth", "0");

        assertThat(operator.check().lines())
            .anyMatch(line -> line.contains("caducee.gateway.maxConnections: must be from 1 to 10000, was 0"))
            .anyMatch(line -> line.contains("caducee.smtp.mime.maxDepth: must be at least 1, was 0"));
    }

    @Test
    void aSecretFileOthersCanReadShouldBeAProblemNamingTheFile() throws Exception {
        Files.setPosixFilePermissions(operator.secretFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(operator.check().lines()).anyMatch(line -> line.startsWith("problem: ")
            && line.contains("caducee.tls.secretFile: names " + operator.secretFile + ", which others can read or change")
            && line.contains("chmod 600"));
    }

    @Test
    void anExpiredServerCertificateShouldBeAProblem() throws Exception {
        operator.serverCertificate(Operator.NOW.minus(Duration.ofDays(400)), Operator.NOW.minus(Duration.ofDays(3)));

        assertThat(operator.check().problems()).anyMatch(finding -> finding.key().equals("caducee.tls.keystore")
            && finding.sentence().contains("expired on"));
    }

    @Test
    void aServerCertificateExpiringWithinSixtyDaysShouldBeAWarningWithTheDaysLeft() throws Exception {
        operator.serverCertificate(Operator.NOW.minus(Duration.ofDays(300)), Operator.NOW.plus(Duration.ofDays(20)));

        Findings findings = operator.check();

        assertThat(findings.problems()).isEmpty();
        assertThat(findings.warnings()).anyMatch(finding -> finding.sentence().contains("in 20 days: renew it"));
    }

    @Test
    void aKeystoreWithoutItsPasswordShouldBeAProblemSayingWhereThePasswordGoes() throws Exception {
        Files.delete(operator.secretFile);

        assertThat(operator.check().lines()).anyMatch(line -> line.contains("caducee.tls.secretFile: names "
            + operator.secretFile + ", which cannot be read"));
    }

    @Test
    void everyUnreadableTrustAnchorShouldBeAProblemNamingItsFile() throws Exception {
        Files.writeString(operator.anchors.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n");
        Files.write(operator.anchors.resolve("empty.cer"), new byte[0]);

        List<String> lines = operator.check().problems().stream().map(Finding::line).toList();

        assertThat(lines).anyMatch(line -> line.contains("caducee.trustAnchors: trust-anchors/broken.pem"))
            .anyMatch(line -> line.contains("caducee.trustAnchors: trust-anchors/empty.cer: contains no certificate"));
    }

    @Test
    void aRevocationListPastItsNextUpdateShouldBeAProblem() throws Exception {
        Path crl = work.resolve("operator-ca.crl");
        Files.write(crl, operator.authority.issueRevocationList(List.of(), Operator.NOW.minus(Duration.ofDays(10)),
            Operator.NOW.minus(Duration.ofDays(1))).getEncoded());
        operator.set("caducee.crl", crl.toString());

        assertThat(operator.check().problems()).anyMatch(finding -> finding.where().equals(crl.toString())
            && finding.key().equals("caducee.crl") && finding.sentence().startsWith("expired on"));
    }

    @Test
    void anAnchorWithoutRevocationListShouldBeAWarning() throws Exception {
        assertThat(operator.check().warnings()).anyMatch(finding -> finding.key().equals("caducee.crl")
            && finding.sentence().contains("CN=Operator test CA"));
    }

    @Test
    void aWhitelistThatDoesNotParseShouldBeAProblem() throws Exception {
        Files.writeString(operator.config.resolve("liste-blanche.xml"), "<ListeBlancheMSSante>");

        assertThat(operator.check().problems()).anyMatch(finding -> finding.key().equals("caducee.whitelist")
            && finding.sentence().startsWith("cannot be loaded"));
    }

    @Test
    void aProductionServerWithoutSigningKeystoreShouldBeAProblem() throws Exception {
        operator.set("caducee.smime.sign", "true");

        assertThat(operator.check().problems()).anyMatch(finding -> finding.key().equals("caducee.smime.keystore"));
    }

    @Test
    void anUnreachableExternalDatabaseShouldBeAProblemWhenTheNetworkIsChecked() throws Exception {
        int closed = closedPort();
        operator.set("caducee.db.mode", "external").set("caducee.db.url", "jdbc:postgresql://127.0.0.1:" + closed + "/caducee")
            .set("caducee.db.user", "caducee");
        Map<String, String> environment = Map.of("CADUCEE_DB_PASSWORD", "hunter2");

        assertThat(operator.check(environment, false).problems()).isEmpty();
        assertThat(operator.check(environment, true).problems()).anyMatch(finding -> finding.key().equals("caducee.db.url")
            && finding.sentence().startsWith("the database cannot be reached"));
    }

    @Test
    void anUnreachableExternalDirectoryShouldBeAProblemWhenTheNetworkIsChecked() throws Exception {
        operator.set("caducee.directory.mode", "external").set("caducee.directory.url", "ldap://127.0.0.1:" + closedPort());

        assertThat(operator.check(Map.of(), true).problems()).anyMatch(finding ->
            finding.key().equals("caducee.directory.url") && finding.sentence().contains("cannot be reached"));
    }

    @Test
    void aMissingConfigurationFolderShouldBeAProblemNamingTheSetting() throws Exception {
        Files.delete(operator.config.resolve("smtpserver.xml"));

        assertThat(operator.check().problems()).anyMatch(finding -> finding.key().equals("caducee.config")
            && finding.sentence().contains("smtpserver.xml missing"));
    }

    @Test
    void aFileNamedByASettingThatIsMissingShouldBeAProblemNamingIt() throws Exception {
        Path routes = operator.config.resolve("missing-routes.txt");
        operator.set("caducee.routes", routes.toString())
            .set("caducee.records.accessMatrix", operator.config.resolve("missing-matrix.txt").toString());

        assertThat(operator.check().lines()).anyMatch(line -> line.contains("caducee.routes: names " + routes + ", which does not exist"))
            .anyMatch(line -> line.contains("missing-matrix.txt cannot be read"));
    }

    @Test
    void aRouteTableWithAWrongLineShouldBeAProblemNamingTheLine() throws Exception {
        Path routes = Files.writeString(operator.config.resolve("routes.txt"), "chu-exemple.fr   127.0.0.1:25\n");
        operator.set("caducee.routes", routes.toString());

        assertThat(operator.check().problems()).anyMatch(finding -> finding.sentence().contains("line 1"));
    }

    @Test
    void aConfigurationFolderWithoutTheSettingsFileShouldBeAWarning() throws Exception {
        Findings findings = operator.check();
        java.nio.file.Files.delete(operator.config.resolve("caducee.properties"));
        java.util.Properties commandLine = new java.util.Properties();
        commandLine.setProperty("caducee.config", operator.config.toString());
        commandLine.setProperty("caducee.data", operator.data.toString());
        commandLine.setProperty("caducee.trustAnchors", operator.anchors.toString());

        Findings without = ConfigurationCheck.run(commandLine, Map.of(), false, Operator.NOW);

        assertThat(findings.warnings()).noneMatch(finding -> finding.sentence().contains("holds no caducee.properties"));
        assertThat(without.warnings()).anyMatch(finding -> finding.key().equals("caducee.config")
            && finding.sentence().equals("holds no caducee.properties: every setting takes its default"));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
