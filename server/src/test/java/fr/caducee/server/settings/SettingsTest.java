package fr.caducee.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path config;

    private final Properties commandLine = new Properties();

    private Settings load(String... fileLines) throws Exception {
        Files.write(config.resolve(Settings.FILE_NAME), java.util.List.of(fileLines));
        commandLine.setProperty("caducee.config", config.toString());
        return Settings.load(commandLine, Map.of());
    }

    private Path secretFile(String content, String permissions) throws Exception {
        Path file = Files.writeString(config.resolve("db.secret"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @AfterEach
    void clean() {
        for (Setting setting : Setting.values()) {
            System.clearProperty(setting.key());
        }
    }

    @Test
    void aCheckShouldCollectEveryProblemAndLeaveTheValuesInErrorAtTheirDefaults() throws Exception {
        Files.write(config.resolve(Settings.FILE_NAME), java.util.List.of("caducee.mx.bnd=0.0.0.0:25",
            "caducee.spooler.threads=eight", "caducee.db.password=hunter2", "caducee.demo=false"));
        commandLine.setProperty("caducee.config", config.toString());
        commandLine.setProperty("caducee.imaps.bind", "nowhere");
        java.util.List<InvalidSetting> problems = new java.util.ArrayList<>();

        Settings settings = Settings.check(commandLine, Map.of(), problems::add);

        assertThat(problems).extracting(InvalidSetting::key).containsExactlyInAnyOrder("caducee.mx.bnd",
            "caducee.spooler.threads", "caducee.db.password", "caducee.imaps.bind");
        assertThat(problems).extracting(InvalidSetting::where).contains("the command line (-Dcaducee.imaps.bind)",
            config.resolve(Settings.FILE_NAME).toString());
        assertThat(settings.text(Setting.SPOOLER_THREADS)).isEqualTo("8");
        assertThat(settings.flag(Setting.DEMO)).isFalse();
    }

    @Test
    void settingsAbsentFromTheFileShouldTakeTheirDefaults() throws Exception {
        Settings settings = load("caducee.demo=false");

        assertThat(settings.text(Setting.MX_BIND)).isEqualTo("0.0.0.0:10025");
        assertThat(settings.number(Setting.CRL_REFRESH_SECONDS, 1, Long.MAX_VALUE)).isEqualTo(3600);
        assertThat(settings.optional(Setting.WHITELIST)).isEmpty();
    }

    @Test
    void aDemoServerShouldListenOnLoopbackWhereTheOperatorBoundNothing() throws Exception {
        commandLine.setProperty("caducee.imaps.bind", "0.0.0.0:993");

        Settings settings = load("# caducee.demo is true by default");

        assertThat(settings.demo()).isTrue();
        assertThat(settings.text(Setting.MX_BIND)).isEqualTo("127.0.0.1:10025");
        assertThat(settings.text(Setting.SUBMISSION_BIND)).isEqualTo("127.0.0.1:10587");
        assertThat(settings.text(Setting.SUBMISSIONS_BIND)).isEqualTo("127.0.0.1:10465");
        assertThat(settings.text(Setting.IMAP_BIND)).isEqualTo("127.0.0.1:10143");
        assertThat(settings.text(Setting.API_BIND)).isEqualTo("127.0.0.1:10443");
        assertThat(settings.text(Setting.WEBMAIL_BIND)).isEqualTo("127.0.0.1:10444");
        assertThat(settings.text(Setting.IMAPS_BIND)).as("bound by the operator").isEqualTo("0.0.0.0:993");
        assertThat(settings.text(Setting.DIRECTORY_LISTEN)).isEqualTo("127.0.0.1:10389");
    }

    @Test
    void theImapLiteralLimitAndSoAppendLimitShouldBeTheSmtpSizeLimitUnlessGiven() throws Exception {
        assertThat(load("# nothing set").text(Setting.IMAP_LITERAL_SIZE_LIMIT)).isEqualTo("25600K");
        assertThat(load("caducee.smtp.maxMessageSizeKb=10240").text(Setting.IMAP_LITERAL_SIZE_LIMIT))
            .isEqualTo("10240K");
        assertThat(load("caducee.imap.literalSizeLimit=40M").text(Setting.IMAP_LITERAL_SIZE_LIMIT)).isEqualTo("40M");
    }

    @Test
    void aMissingFileShouldLeaveEveryDefault() {
        commandLine.setProperty("caducee.config", config.resolve("absent").toString());

        assertThat(Settings.load(commandLine, Map.of()).text(Setting.SPOOLER_THREADS)).isEqualTo("8");
    }

    @Test
    void theCommandLineShouldOverrideTheFile() throws Exception {
        commandLine.setProperty("caducee.mx.bind", "127.0.0.1:2525");

        Settings settings = load("caducee.mx.bind=0.0.0.0:25", "caducee.crl.refreshSeconds = 60 ");

        assertThat(settings.text(Setting.MX_BIND)).isEqualTo("127.0.0.1:2525");
        assertThat(settings.number(Setting.CRL_REFRESH_SECONDS, 1, Long.MAX_VALUE)).isEqualTo(60);
    }

    @Test
    void anUnknownKeyShouldStopTheStartWithTheClosestSettingSuggested() {
        assertThatThrownBy(() -> load("caducee.crl.refreshSecond=60"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(Settings.FILE_NAME + ": caducee.crl.refreshSecond is not a setting of Caducée")
            .hasMessageContaining("did you mean caducee.crl.refreshSeconds?");
    }

    @Test
    void anUnknownKeyOnTheCommandLineShouldBeRefusedToo() {
        commandLine.setProperty("caducee.mx.bnd", "127.0.0.1:25");

        assertThatThrownBy(() -> load())
            .hasMessageContaining("the command line: caducee.mx.bnd is not a setting of Caducée; did you mean caducee.mx.bind?");
    }

    @Test
    void aValueOfTheWrongFormShouldNameTheFileAndTheKey() {
        assertThatThrownBy(() -> load("caducee.crl.refreshSeconds=an hour"))
            .hasMessageContaining(config.resolve(Settings.FILE_NAME) + ": caducee.crl.refreshSeconds must be a whole number, was 'an hour'");
        assertThatThrownBy(() -> load("caducee.imaps.bind=0.0.0.0"))
            .hasMessageContaining("caducee.imaps.bind must be host:port, was '0.0.0.0'");
        assertThatThrownBy(() -> load("caducee.webadmin.port=70000"))
            .hasMessageContaining("caducee.webadmin.port must be a port from 0 to 65535, was '70000'");
        assertThatThrownBy(() -> load("caducee.demo=yes"))
            .hasMessageContaining("caducee.demo must be true or false, was 'yes'");
    }

    @Test
    void aValueOutOfRangeShouldBeRefusedWhenRead() throws Exception {
        Settings settings = load("caducee.whitelist.refreshSeconds=0");

        assertThatThrownBy(() -> settings.number(Setting.WHITELIST_REFRESH_SECONDS, 1, Long.MAX_VALUE))
            .hasMessageContaining("caducee.whitelist.refreshSeconds must be at least 1, was 0");
    }

    @Test
    void aSecretOnTheCommandLineShouldStopTheStartSayingWhereItGoes() {
        commandLine.setProperty("caducee.db.password", "hunter2");

        assertThatThrownBy(() -> load())
            .hasMessageContaining("-Dcaducee.db.password on the command line")
            .hasMessageContaining("caducee.db.passwordFile")
            .hasMessageContaining("CADUCEE_DB_PASSWORD")
            .hasMessageNotContaining("hunter2");
    }

    @Test
    void anythingNamedLikeASecretOnTheCommandLineShouldBeRefusedAsASecret() {
        commandLine.setProperty("caducee.ldap.secret", "hunter2");

        assertThatThrownBy(() -> load()).hasMessageContaining("-Dcaducee.ldap.secret on the command line: a secret");
    }

    @Test
    void theTlsSecretOnTheCommandLineShouldBeRefused() {
        commandLine.setProperty("caducee.tls.secret", "changeit");

        assertThatThrownBy(() -> load()).hasMessageContaining("CADUCEE_TLS_SECRET");
    }

    @Test
    void aSecretWrittenInTheSettingsFileShouldBeRefused() {
        assertThatThrownBy(() -> load("caducee.db.password=hunter2"))
            .hasMessageContaining("caducee.db.password is a secret and cannot be written in caducee.properties");
    }

    @Test
    void aSecretShouldBeReadFromAnOwnerOnlyFile() throws Exception {
        Path file = secretFile("hunter2\n", "rw-------");

        Settings settings = load("caducee.db.passwordFile=" + file);

        assertThat(settings.secret(Setting.DB_PASSWORD)).contains("hunter2");
    }

    @Test
    void theTlsSecretShouldBeReadFromItsOwnerOnlyFileOrTheEnvironment() throws Exception {
        Path file = secretFile("changeit\n", "rw-------");

        assertThat(load("caducee.tls.secretFile=" + file).secret(Setting.TLS_SECRET)).contains("changeit");
        commandLine.setProperty("caducee.config", config.toString());
        assertThat(Settings.load(commandLine, Map.of("CADUCEE_TLS_SECRET", "fromenv")).secret(Setting.TLS_SECRET))
            .contains("changeit");
        Files.write(config.resolve(Settings.FILE_NAME), java.util.List.of("# nothing set"));
        assertThat(Settings.load(commandLine, Map.of("CADUCEE_TLS_SECRET", "fromenv")).secret(Setting.TLS_SECRET))
            .contains("fromenv");
    }

    @Test
    void aTlsSecretFileOthersCanReadShouldStopTheStart() throws Exception {
        Path file = secretFile("changeit", "rw-r-----");

        assertThatThrownBy(() -> load("caducee.tls.secretFile=" + file))
            .hasMessageContaining("caducee.tls.secretFile names " + file + ", which others can read or change (rw-r-----)");
    }

    @Test
    void aSecretFileOthersCanReadShouldStopTheStartWithTheReason() throws Exception {
        Path file = secretFile("hunter2", "rw-r--r--");

        assertThatThrownBy(() -> load("caducee.db.passwordFile=" + file))
            .hasMessageContaining("caducee.db.passwordFile names " + file + ", which others can read or change (rw-r--r--)")
            .hasMessageContaining("chmod 600");
    }

    @Test
    void aSecretShouldBeReadFromTheEnvironment() throws Exception {
        commandLine.setProperty("caducee.config", config.toString());

        Settings settings = Settings.load(commandLine, Map.of("CADUCEE_DIRECTORY_PASSWORD", "s3cret"));

        assertThat(settings.secret(Setting.DIRECTORY_PASSWORD)).contains("s3cret");
        assertThat(settings.secret(Setting.DB_PASSWORD)).isEmpty();
    }

    @Test
    void whatTheServerSetsItselfShouldNotBeGiven() {
        commandLine.setProperty("caducee.tls.truststore", "/tmp/x.p12");

        assertThatThrownBy(() -> load()).hasMessageContaining("caducee.tls.truststore is set by the server itself");
    }

    @Test
    void theConfigurationFolderCannotBeSetInItsOwnFile() {
        assertThatThrownBy(() -> load("caducee.config=/etc/caducee"))
            .hasMessageContaining("caducee.config cannot be set in the file it locates");
    }

    @Test
    void publishingForJamesShouldGiveEffectiveValuesButNeverSecrets() throws Exception {
        Path file = secretFile("hunter2", "rw-------");
        commandLine.setProperty("caducee.imaps.bind", "127.0.0.1:993");

        load("caducee.db.passwordFile=" + file).publishForJamesConfiguration();

        assertThat(System.getProperty("caducee.imaps.bind")).isEqualTo("127.0.0.1:993");
        assertThat(System.getProperty("caducee.mx.bind")).as("a demo server's default").isEqualTo("127.0.0.1:10025");
        assertThat(System.getProperty("caducee.db.password")).isNull();
        assertThat(System.getProperties().values()).doesNotContain("hunter2");
    }

    @Test
    void editDistanceShouldCountInsertionsDeletionsAndSubstitutions() {
        assertThat(Settings.distance("caducee.crl", "caducee.crl")).isZero();
        assertThat(Settings.distance("caducee.crl", "caducee.url")).isEqualTo(1);
        assertThat(Settings.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void aSettingGivenPerIdShouldBeReadForEachIdFromTheFileAndTheCommandLine() throws Exception {
        commandLine.setProperty("caducee.gateway.hospital.chu-b.box", "sih@chu-b.localhost");

        Settings settings = load("caducee.gateway.hospital.chu_a.box = sih@chu-a.localhost",
            "caducee.gateway.hospital.chu_a.finess=750000010");

        assertThat(settings.perId(Setting.GATEWAY_HOSPITAL_BOX)).containsExactly(
            Map.entry("chu-b", "sih@chu-b.localhost"), Map.entry("chu_a", "sih@chu-a.localhost"));
        assertThat(settings.perId(Setting.GATEWAY_HOSPITAL_FINESS, "chu_a")).contains("750000010");
        assertThat(settings.perId(Setting.GATEWAY_HOSPITAL_FINESS, "chu-b")).isEmpty();
        assertThat(settings.optional(Setting.GATEWAY_HOSPITAL_BOX)).as("no value of its own").isEmpty();
    }

    @Test
    void aMisspeltPerIdKeyShouldBeRefusedWithTheTemplateSuggested() {
        assertThatThrownBy(() -> load("caducee.gateway.hospital.chu.bx=sih@chu.localhost"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("caducee.gateway.hospital.chu.bx is not a setting of Caducée")
            .hasMessageContaining("did you mean caducee.gateway.hospital.<id>.box?");
    }

    @Test
    void aPerIdValueOfTheWrongFormShouldStopTheStartNamingItsKey() {
        assertThatThrownBy(() -> load("caducee.gateway.hospital.chu.returnAddress=sih.chu.localhost"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("caducee.gateway.hospital.chu.returnAddress")
            .hasMessageContaining("must be host:port");
    }

    @Test
    void anIdWithCharactersOtherThanLettersDigitsAndDashesIsNoKey() {
        assertThat(Setting.perIdWithKey("caducee.gateway.hospital.chu.x.box")).isEmpty();
        assertThat(Setting.perIdWithKey("caducee.gateway.hospital..box")).isEmpty();
        assertThat(Setting.GATEWAY_HOSPITAL_BOX.idIn("caducee.gateway.hospital.CHU-1.box")).contains("CHU-1");
    }
}
