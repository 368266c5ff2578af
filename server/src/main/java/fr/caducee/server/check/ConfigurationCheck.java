package fr.caducee.server.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import fr.caducee.identity.smime.SigningKey;
import fr.caducee.server.ServerLayout;
import fr.caducee.server.annuaire.AnnuaireSettings;
import fr.caducee.server.autoconfig.AutoconfigSettings;
import fr.caducee.server.gateway.GatewaySettings;
import fr.caducee.server.identity.PscConfiguration;
import fr.caducee.server.logging.LogFormat;
import fr.caducee.server.records.RecordsSettings;
import fr.caducee.server.records.api.RecordRules;
import fr.caducee.server.routing.RoutesModule;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.smtp.ChainSettingsModule;
import fr.caducee.server.storage.RetiredDerby;
import fr.caducee.server.storage.postgres.DatabaseMode;
import fr.caducee.server.storage.postgres.WriteAheadLogLimit;
import fr.caducee.server.webmail.NoticeSettings;
import fr.caducee.server.webmail.WebmailConfiguration;
import fr.caducee.trust.certificate.TrustAnchors;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.revocation.RevocationLists;
import fr.caducee.trust.whitelist.RefreshOutcome;
import fr.caducee.trust.whitelist.WhitelistRefresher;

/**
 * Everything the server checks of its configuration before it starts, every problem collected rather than the first:
 * {@code caducee check} runs it (with the network checks: external database and directory, whitelist and CRL URLs),
 * and so does the server's start (without them: it connects to those itself), which stops before it opens anything
 * when a problem is found. It calls the classes the start calls ({@link Settings}, {@link ServerLayout}, the
 * {@code from(Settings)} readers of each part, {@link TrustAnchors}, {@link RevocationLists},
 * {@link WhitelistRefresher}, {@link SigningKey}), so the check and the start cannot disagree; it writes nothing.
 */
public final class ConfigurationCheck {
    /** A whitelist generated longer ago than this is a warning: ANS publishes it far more often. */
    static final Duration WHITELIST_AGE_WARNING = Duration.ofDays(7);

    private final Properties commandLine;
    private final Map<String, String> environment;
    private final boolean network;
    private final Instant now;
    private final Findings findings = new Findings();

    private ConfigurationCheck(Properties commandLine, Map<String, String> environment, boolean network, Instant now) {
        this.commandLine = commandLine;
        this.environment = environment;
        this.network = network;
        this.now = now;
    }

    /**
     * @param commandLine the {@code -Dcaducee.*} options (and {@code caducee.config}) as the server would get them
     * @param network     whether to connect to the external database and directory and read whitelist and CRL URLs
     */
    public static Findings run(Properties commandLine, Map<String, String> environment, boolean network, Instant now) {
        return new ConfigurationCheck(commandLine, environment, network, now).run();
    }

    private Findings run() {
        Settings settings = Settings.check(commandLine, environment, findings::add);
        ServerLayout layout = ServerLayout.from(settings);
        folders(layout);
        parts(settings, layout);
        Optional<List<X509Certificate>> anchors = tls(settings, layout);
        anchors.ifPresent(certificates -> revocationLists(settings, certificates));
        whitelist(settings, layout);
        signing(settings, layout);
        database(settings, layout);
        directory(settings);
        return findings;
    }

    private void folders(ServerLayout layout) {
        if (!Files.isRegularFile(layout.configDir().resolve("smtpserver.xml"))) {
            findings.problem(layout.configDir().toString(), Setting.CONFIG.key(), "holds no James configuration "
                + "(smtpserver.xml missing): give the configuration folder (-Dcaducee.config, CADUCEE_CONF)");
        } else {
            attempt(layout.configDir().toString(), () -> RetiredDerby.checkConfiguration(layout.configDir()));
            if (!Files.isRegularFile(layout.configDir().resolve(Settings.FILE_NAME))) {
                findings.warning(layout.configDir().toString(), Setting.CONFIG.key(), "holds no " + Settings.FILE_NAME
                    + ": every setting takes its default");
            }
        }
        if (!Files.isDirectory(layout.trustAnchorsDir())) {
            findings.problem(layout.trustAnchorsDir().toString(), Setting.TRUST_ANCHORS.key(), "does not exist: set "
                + Setting.TRUST_ANCHORS.key() + " to the folder of trusted CA certificates");
        }
        if (!writable(layout.dataDir())) {
            findings.problem(layout.dataDir().toString(), Setting.DATA.key(), "cannot be written by this account: "
                + "the server keeps its database, spool, audit trail and logs there");
        }
        attempt(layout.dataDir().toString(), () -> RetiredDerby.checkDataFolder(layout.dataDir()));
    }

    /** Each part's own reader of its settings, as the start calls it: its first problem each. */
    private void parts(Settings settings, ServerLayout layout) {
        String where = "settings";
        attempt(where, () -> LogFormat.from(settings));
        attempt(where, () -> DatabaseMode.from(settings));
        attempt(where, () -> WriteAheadLogLimit.from(settings));
        attempt(where, () -> ChainSettingsModule.read(settings));
        attempt(where, () -> GatewaySettings.from(settings));
        attempt(where, () -> PscConfiguration.from(settings));
        attempt(where, () -> RecordsSettings.from(settings));
        attempt(where, () -> NoticeSettings.from(settings, layout.hostNames()));
        attempt(where, () -> WebmailConfiguration.from(settings));
        attempt(where, () -> AutoconfigSettings.from(settings));
        if (!madeAtFirstStart(settings, layout, Setting.ANNUAIRE_CA_FILE)) {
            attempt(where, () -> AnnuaireSettings.from(settings));
        }
        if (settings.isGiven(Setting.ROUTES) && !Files.exists(settings.path(Setting.ROUTES))) {
            // The start takes a missing table as no route at all: given by name, it is a mistake.
            findings.problem(settings.origin(Setting.ROUTES).orElse(where), Setting.ROUTES.key(),
                "names " + settings.path(Setting.ROUTES) + ", which does not exist");
        } else {
            attempt(where, () -> new RoutesModule(settings, layout.configDir()));
        }
        attempt(where, () -> RecordRules.load(settings, layout.configDir()));
        attempt(where, () -> settings.number(Setting.WHITELIST_REFRESH_SECONDS, 1, Long.MAX_VALUE));
        attempt(where, () -> settings.number(Setting.CRL_REFRESH_SECONDS, 1, Long.MAX_VALUE));
        for (Setting benchmark : new Setting[] {Setting.BENCHMARK_RULES_OFF, Setting.BENCHMARK_PEER_CHECKS_OFF}) {
            if (settings.flag(benchmark)) {
                findings.warning(settings.origin(benchmark).orElse(where), benchmark.key(), "is true: the trust "
                    + "space's checks are off, for measurement only; never in production");
            }
        }
    }

    /** The server's keystore and the trust anchors; the anchors when they load, for the revocation lists. */
    private Optional<List<X509Certificate>> tls(Settings settings, ServerLayout layout) {
        List<X509Certificate> extra = new ArrayList<>();
        if (settings.text(Setting.TLS_KEYSTORE).isBlank()) {
            // The development PKI: made at first start; checked as the listeners will open it once it exists.
            Path pki = layout.pkiDir();
            Path keystore = pki.resolve(DevPki.SERVER_KEYSTORE_FILE);
            Optional<char[]> secret = developmentSecret(pki);
            if (Files.exists(keystore) && secret.isPresent()) {
                KeystoreCheck.check(keystore, secret.get(), Setting.TLS_KEYSTORE.key(), List.of(), now, findings);
            }
            readCertificate(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE)).ifPresent(extra::add);
        } else {
            Path keystore = settings.path(Setting.TLS_KEYSTORE);
            Optional<String> secret = settings.secret(Setting.TLS_SECRET);
            if (secret.isEmpty()) {
                findings.problem(keystore.toString(), Setting.TLS_SECRET.key(), "the keystore's password is not given: "
                    + "put it in a file readable only by the server's account and name that file with "
                    + Setting.TLS_SECRET_FILE.key() + ", or in the environment variable CADUCEE_TLS_SECRET");
                if (!Files.isReadable(keystore)) {
                    findings.problem(keystore.toString(), Setting.TLS_KEYSTORE.key(), "cannot be read");
                }
            } else {
                List<String> hostNames = settings.isGiven(Setting.HOSTNAMES) ? layout.hostNames() : List.of();
                KeystoreCheck.check(keystore, secret.get().toCharArray(), Setting.TLS_KEYSTORE.key(), hostNames, now,
                    findings);
            }
        }
        String where = layout.trustAnchorsDir().toString();
        List<String> problems = TrustAnchors.problems(layout.trustAnchorsDir(), now);
        problems.forEach(problem -> findings.problem(where, Setting.TRUST_ANCHORS.key(), problem));
        if (!problems.isEmpty() || !Files.isDirectory(layout.trustAnchorsDir())) {
            return Optional.empty();
        }
        if (settings.text(Setting.TLS_KEYSTORE).isBlank() && extra.isEmpty()
                && noCertificateFile(layout.trustAnchorsDir())) {
            return Optional.empty(); // the development root, made at first start, will be the only anchor
        }
        try {
            List<X509Certificate> anchors = TrustAnchors.load(layout.trustAnchorsDir(), extra).certificates();
            for (X509Certificate anchor : anchors) {
                KeystoreCheck.expiry(anchor, where, Setting.TRUST_ANCHORS.key(), now, findings);
            }
            return Optional.of(anchors);
        } catch (IOException | RuntimeException e) {
            findings.problem(where, Setting.TRUST_ANCHORS.key(), e.getMessage());
            return Optional.empty();
        }
    }

    private void revocationLists(Settings settings, List<X509Certificate> anchors) {
        List<String> sources = new ArrayList<>();
        for (String source : settings.text(Setting.CRL).split(",")) {
            if (!source.isBlank() && (network || !source.contains("://"))) {
                sources.add(source.strip());
            }
        }
        ServerLayout layout = ServerLayout.from(settings);
        Path developmentList = layout.pkiDir().resolve(DevPki.REVOCATION_LIST_FILE);
        if (settings.text(Setting.TLS_KEYSTORE).isBlank() && Files.exists(developmentList)) {
            sources.add(developmentList.toString());
        }
        RevocationLists lists;
        try {
            lists = new RevocationLists(sources, anchors, Clock.fixed(now, ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            findings.problem("settings", Setting.CRL.key(), e.getMessage());
            return;
        }
        try (lists) {
            for (RevocationLists.Failure failure : lists.refreshNow()) {
                findings.problem(failure.source(), Setting.CRL.key(), failure.reason());
            }
            for (X509Certificate anchor : lists.anchorsWithoutList()) {
                findings.warning(layout.trustAnchorsDir().toString(), Setting.CRL.key(), "no revocation list for the "
                    + "trust anchor " + anchor.getSubjectX500Principal().getName() + ": peers it certified are "
                    + "deferred (454 4.7.0) until its CRL is listed in " + Setting.CRL.key());
            }
        }
    }

    private void whitelist(Settings settings, ServerLayout layout) {
        String source = settings.optional(Setting.WHITELIST)
            .orElse(layout.configDir().resolve("liste-blanche.xml").toString());
        String checksum = settings.text(Setting.WHITELIST_CHECKSUM);
        if (!network && (source.contains("://") || checksum.contains("://"))) {
            return;
        }
        WhitelistRefresher refresher;
        try {
            refresher = new WhitelistRefresher(source, checksum.isBlank() ? null : checksum, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            findings.problem(source, Setting.WHITELIST.key(), String.valueOf(e.getMessage()));
            return;
        }
        try (refresher) {
            loaded(refresher, source);
        }
    }

    private void loaded(WhitelistRefresher refresher, String source) {
        RefreshOutcome outcome = refresher.refreshNow();
        if (!outcome.success()) {
            findings.problem(source, Setting.WHITELIST.key(), "cannot be loaded: " + outcome.reason());
            return;
        }
        refresher.current().generatedAt().ifPresentOrElse(generated -> {
            Duration age = Duration.between(generated, now);
            if (age.compareTo(WHITELIST_AGE_WARNING) > 0) {
                findings.warning(source, Setting.WHITELIST.key(), "generated on " + generated + ", " + age.toDays()
                    + " days ago: fetch the current list (scripts/directory whitelist refresh)");
            }
        }, () -> findings.warning(source, Setting.WHITELIST.key(), "carries no generation date: its age is unknown"));
    }

    /** The operator's S/MIME signing keystore, as {@link fr.caducee.server.smime.OperatorSignature} opens it. */
    private void signing(Settings settings, ServerLayout layout) {
        if (!settings.flag(Setting.SMIME_SIGN)) {
            return;
        }
        Optional<String> configured = settings.optional(Setting.SMIME_KEYSTORE).filter(value -> !value.isBlank());
        Path keystore;
        Optional<char[]> secret;
        if (configured.isPresent()) {
            keystore = settings.path(Setting.SMIME_KEYSTORE);
            if (!Files.isReadable(keystore)) {
                findings.problem(keystore.toString(), Setting.SMIME_KEYSTORE.key(), "cannot be read");
                return;
            }
            secret = settings.secret(Setting.SMIME_SECRET).map(String::toCharArray);
            if (secret.isEmpty()) {
                findings.problem(keystore.toString(), Setting.SMIME_SECRET.key(), "the signing keystore's password is "
                    + "not given: put it in a file readable only by the server's account and name that file with "
                    + Setting.SMIME_SECRET_FILE.key() + ", or in the environment variable CADUCEE_SMIME_SECRET");
                return;
            }
        } else if (settings.text(Setting.TLS_KEYSTORE).isBlank()) {
            keystore = layout.pkiDir().resolve(DevPki.OPERATOR_SIGNING_KEYSTORE_FILE);
            secret = settings.secret(Setting.SMIME_SECRET).map(String::toCharArray)
                .or(() -> developmentSecret(layout.pkiDir()));
            if (!Files.exists(keystore) || secret.isEmpty()) {
                return; // made by the development PKI at first start
            }
        } else {
            findings.problem("settings", Setting.SMIME_KEYSTORE.key(), "the server has its own TLS keystore but no "
                + "S/MIME signing keystore: set " + Setting.SMIME_KEYSTORE.key() + " (the operator's signing "
                + "certificate, PKCS#12, emailProtection) with its password in " + Setting.SMIME_SECRET_FILE.key()
                + ", or " + Setting.SMIME_SIGN.key() + "=false to send the server's messages unsigned");
            return;
        }
        try {
            SigningKey key = SigningKey.load(keystore, secret.get(), now);
            KeystoreCheck.expiry(key.certificate(), keystore.toString(), Setting.SMIME_KEYSTORE.key(), now, findings);
        } catch (RuntimeException e) {
            findings.problem(keystore.toString(), Setting.SMIME_KEYSTORE.key(), e.getMessage());
        }
    }

    private void database(Settings settings, ServerLayout layout) {
        DatabaseMode mode;
        try {
            mode = DatabaseMode.from(settings);
        } catch (RuntimeException e) {
            return; // said by parts()
        }
        if (mode == DatabaseMode.MANAGED) {
            return; // the data folder, which holds it, is checked writable by folders()
        }
        if (settings.secret(Setting.DB_PASSWORD).isEmpty()) {
            findings.problem("settings", Setting.DB_PASSWORD.key(), "the database password is not given: put it in a "
                + "file readable only by the server's account and name that file with " + Setting.DB_PASSWORD_FILE.key()
                + ", or in the environment variable CADUCEE_DB_PASSWORD");
            return;
        }
        if (network) {
            Reachability.database(settings.text(Setting.DB_URL), settings.text(Setting.DB_USER),
                    settings.secret(Setting.DB_PASSWORD).orElse(""))
                .ifPresent(reason -> findings.problem(settings.text(Setting.DB_URL), Setting.DB_URL.key(),
                    "the database cannot be reached: " + reason));
        }
    }

    private void directory(Settings settings) {
        if (!settings.text(Setting.DIRECTORY_MODE).strip().equalsIgnoreCase("external")) {
            return;
        }
        String url = settings.text(Setting.DIRECTORY_URL);
        if (url.isBlank()) {
            findings.problem("settings", Setting.DIRECTORY_URL.key(), "is required with "
                + Setting.DIRECTORY_MODE.key() + "=external (ldap://host:389 or ldaps://host:636)");
        } else if (network) {
            Reachability.ldap(url).ifPresent(reason -> findings.problem(url, Setting.DIRECTORY_URL.key(),
                "the directory cannot be reached: " + reason));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String where, Step step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            findings.add(where, e);
        } catch (Exception e) {
            findings.problem(where, "", String.valueOf(e.getMessage()));
        }
    }

    private static Optional<char[]> developmentSecret(Path pki) {
        try {
            Path file = pki.resolve(DevPki.SECRET_FILE);
            return Files.exists(file)
                ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<X509Certificate> readCertificate(Path pem) {
        if (!Files.exists(pem)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(pem)) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static boolean noCertificateFile(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString().toLowerCase(java.util.Locale.ROOT))
                .noneMatch(name -> name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether a file a setting names is one the development PKI makes at first start (its root certificate, say, as
     * the CA of a test's national directory): not there yet on a first start, and no mistake.
     */
    private static boolean madeAtFirstStart(Settings settings, ServerLayout layout, Setting setting) {
        if (!settings.text(Setting.TLS_KEYSTORE).isBlank() || settings.text(setting).isBlank()) {
            return false;
        }
        Path named = settings.path(setting);
        return named.startsWith(layout.pkiDir()) && !Files.exists(named);
    }

    /** The folder, or the nearest one above it that exists (the start creates the rest), writable by this account. */
    private static boolean writable(Path folder) {
        Path existing = folder.toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }
}
