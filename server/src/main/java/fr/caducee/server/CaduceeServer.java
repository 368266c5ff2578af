package fr.caducee.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import org.apache.james.GuiceJamesServer;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import fr.caducee.identity.smime.SigningKey.SigningKeyException;
import fr.caducee.server.annuaire.AnnuaireModule;
import fr.caducee.server.api.ApiModule;
import fr.caducee.server.audit.AuditModule;
import fr.caducee.server.autoconfig.AutoconfigModule;
import fr.caducee.server.check.ConfigurationCheck;
import fr.caducee.server.check.Findings;
import fr.caducee.server.directory.DirectoryModule;
import fr.caducee.server.directory.DirectoryProbe;
import fr.caducee.server.gateway.GatewayModule;
import fr.caducee.server.gateway.receipts.GatewayDocumentsModule;
import fr.caducee.server.health.HealthModule;
import fr.caducee.server.identity.SectorLoginsModule;
import fr.caducee.server.imap.CaduceeImapServerFactory;
import fr.caducee.server.imap.MailboxNameDecoding;
import fr.caducee.server.imap.SelectionReleasingProcessor;
import fr.caducee.server.imap.TlsFirstLoginGuard;
import fr.caducee.server.logging.LogFormat;
import fr.caducee.server.metrics.MetricsModule;
import fr.caducee.server.receipts.ReceiptsModule;
import fr.caducee.server.records.RecordBoxSetup;
import fr.caducee.server.records.RecordsModule;
import fr.caducee.server.records.RecordsSettings;
import fr.caducee.server.records.api.RecordsApiModule;
import fr.caducee.server.routing.RoutesModule;
import fr.caducee.server.settings.InvalidSetting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.smtp.CaduceeSmtpServerFactory;
import fr.caducee.server.smime.OperatorSignature;
import fr.caducee.server.smime.SmimeModule;
import fr.caducee.server.smtp.ChainSettingsModule;
import fr.caducee.server.storage.DatabasePoolProbe;
import fr.caducee.server.storage.DurableStorageModule;
import fr.caducee.server.submission.SubmissionModule;
import fr.caducee.server.storage.RetiredDerby;
import fr.caducee.server.storage.postgres.DatabaseMode;
import fr.caducee.server.storage.postgres.ManagedPostgres;
import fr.caducee.server.storage.postgres.WriteAheadLogLimit;
import fr.caducee.server.tls.ReloadOnHangup;
import fr.caducee.server.tls.TlsModule;
import fr.caducee.server.trust.RevocationModule;
import fr.caducee.server.trust.WhitelistModule;
import fr.caducee.server.webadmin.AdminTokenFilter;
import fr.caducee.server.webadmin.EveryRouteAuthenticated;
import fr.caducee.server.webmail.WebmailModule;
import fr.caducee.trust.admin.OperatorKey;
import fr.caducee.trust.pki.PkiException;

/**
 * Starts a Caducée server: James's protocol servers and mailet container on our durable storage wiring, with the
 * TLS material of the data folder. Its settings are read once, by {@link Settings}; see {@link ServerLayout} for the
 * folders.
 */
public final class CaduceeServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(CaduceeServer.class);
    /** A refused start's problems: printed on stderr as they are, and kept in the log file alone (logback.xml). */
    private static final Logger REFUSAL = LoggerFactory.getLogger("fr.caducee.server.StartRefused");

    /**
     * SMTP (MX and submission) and IMAP; no POP3, LMTP or ManageSieve: fewer doors, fewer locks to check. Our SMTP
     * servers are James's with our handling of overlong lines ({@link CaduceeSmtpServerFactory}); our IMAP servers
     * are James's with literals measured before they are read ({@link CaduceeImapServerFactory}), and James's IMAP
     * processors refuse a login before TLS ({@link TlsFirstLoginGuard}), take the sector's logins (a Pro Santé Connect
     * token, a client certificate, {@code box*member}: {@link fr.caducee.server.imap.SectorLoginGuard}) and refuse a
     * patient's password
     * ({@link fr.caducee.server.imap.PatientLoginGuard}), release the mailboxes a session leaves
     * ({@link SelectionReleasingProcessor}) and keep an examined mailbox read-only
     * ({@link fr.caducee.server.imap.ReadOnlySelectionGuard}), give MOVE's COPYUID before its expunges
     * ({@link fr.caducee.server.imap.MoveCopyUidFirst}), list several patterns
     * ({@link fr.caducee.server.imap.ListPatterns}), give an ESEARCH's MODSEQ for the messages it returns
     * ({@link fr.caducee.server.imap.ReturnedMessagesModSeq}) and write a conditional STORE's MODIFIED code as RFC 7162
     * does ({@link fr.caducee.server.imap.ConditionalStoreAnswer}), and put right an ENVELOPE's names and an empty MIME
     * header ({@link fr.caducee.server.imap.FetchConformance}); James's command parsers answer a mailbox name that is
     * not valid modified UTF-7, and parse a command pipelined behind LOGIN for the state it will run in
     * ({@link MailboxNameDecoding}).
     */
    static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        Modules.override(new SMTPServerModule()).with(binder ->
            binder.bind(SMTPServerFactory.class).to(CaduceeSmtpServerFactory.class).in(Scopes.SINGLETON)),
        Modules.override(new IMAPServerModule()).with(binder -> {
            binder.bind(ImapProcessor.class).to(TlsFirstLoginGuard.class);
            binder.bind(ImapDecoder.class).toProvider(MailboxNameDecoding.DecoderProvider.class);
            binder.bind(IMAPServerFactory.class).to(CaduceeImapServerFactory.class).in(Scopes.SINGLETON);
        }));

    /**
     * The administration API, bound to loopback by webadmin.properties; every route but the health check needs a
     * token signed with the operator key ({@link AdminTokenFilter}, on every path by {@link EveryRouteAuthenticated}).
     */
    static final Module WEBADMIN = Modules.combine(
        Modules.override(new WebAdminServerModule()).with(binder ->
            binder.bind(AuthenticationFilter.class).to(AdminTokenFilter.class).in(Scopes.SINGLETON)),
        binder -> Multibinder.newSetBinder(binder, Routes.class).addBinding().to(EveryRouteAuthenticated.class),
        new NoJwtModule(),
        new DataRoutesModules(),
        new MailboxRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule());

    static final Module CORE = Modules.combine(
        new MailetProcessingModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new RawPostDequeueDecoratorModule(),
        new NaiveDelegationStoreModule(),
        new MailboxModule(),
        new DefaultEventModule(),
        new MemoryDeadLetterModule(),
        new TaskManagerModule(),
        binder -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(ListenersProbe.class));

    private CaduceeServer() {
    }

    public static GuiceJamesServer create(ServerLayout layout, Settings settings, TlsMaterial tls) throws Exception {
        // The operator's signing key checked before anything starts: a keystore that cannot sign stops the start.
        OperatorSignature signature = OperatorSignature.prepare(layout, settings, tls);
        Configuration configuration = Configuration.builder()
            .workingDirectory(layout.dataDir().toFile())
            .configurationPath(new Configuration.ConfigurationPath("file://" + layout.configDir() + "/"))
            .build();
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(CORE, PROTOCOLS, WEBADMIN,
                binder -> binder.bind(Settings.class).toInstance(settings),
                new DurableStorageModule(),
                new WhitelistModule(settings, layout.configDir()),
                new RevocationModule(settings),
                new DirectoryModule(),
                new AuditModule(),
                new HealthModule(),
                new TlsModule(),
                new MetricsModule(),
                new ReceiptsModule(),
                new ApiModule(),
                new RecordsApiModule(layout.configDir()),
                new AutoconfigModule(),
                new RecordsModule(RecordsSettings.from(settings)),
                new SubmissionModule(),
                new WebmailModule(),
                new GatewayModule(),
                new GatewayDocumentsModule(),
                new SectorLoginsModule(settings),
                new AnnuaireModule(),
                new fr.caducee.server.queue.QueueModule(),
                new ChainSettingsModule(),
                new SmimeModule(signature),
                new fr.caducee.server.webmail.NoticesModule(settings, layout.hostNames()),
                binder -> binder.bind(TlsMaterial.class).toInstance(tls))
            .overrideWith(new RoutesModule(settings, layout.configDir()));
    }

    public static void main(String[] args) throws Exception {
        // Modules logging through java.util.logging / System.Logger end up in logback like the rest.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        // A client may not start a TLS renegotiation: each one costs the server a full handshake, a cheap way to
        // spend its CPU (found by the TLS audit, scripts/reliability). Set before any TLS context is built.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Everything caducee check checks but the network, before anything starts: every problem listed, then exit 1.
        long checking = System.nanoTime();
        Findings findings = ConfigurationCheck.run(System.getProperties(), System.getenv(), false, Instant.now());
        LOGGER.info("Configuration checked in {} ms: {}", (System.nanoTime() - checking) / 1_000_000, findings.summary());
        refuseOnProblems(findings);
        try {
            start();
        } catch (InvalidSetting | PkiException | SigningKeyException e) {
            // A mistake the check could not see (a folder made read-only since, ...): said in one line, no stack trace.
            Findings refusal = new Findings();
            refusal.add("start", e);
            refuseOnProblems(refusal);
        }
    }

    /**
     * Prints each problem on stderr and in the log, then exits with 1 (caducee check's status for problems);
     * warnings go to the log alone and the start goes on.
     */
    private static void refuseOnProblems(Findings findings) {
        findings.warnings().forEach(warning -> LOGGER.warn("{}", warning.line()));
        if (!findings.hasProblems()) {
            return;
        }
        findings.problems().forEach(problem -> {
            REFUSAL.error("{}", problem.line());
            System.err.println(problem.line());
        });
        String summary = "Caducée does not start: " + findings.summary().replace(": the server would not start", "")
            + " (caducee check lists them too)";
        REFUSAL.error(summary);
        System.err.println(summary);
        System.err.flush();
        System.exit(1);
    }

    private static void start() throws Exception {
        // caducee.properties and the -D options, checked before anything starts; James's XML reads the effective
        // values back through ${sys:...}, so they are published as system properties (never the secrets).
        Settings settings = Settings.atStart();
        // Read by logback.xml's encoder before the settings (LogFormat.beforeSettings); checked here with the others.
        LogFormat.from(settings);
        ServerLayout layout = ServerLayout.from(settings).validate();
        Files.createDirectories(layout.dataDir().resolve("var"));
        // An earlier version's Derby database, not yet copied into PostgreSQL, stops the start with the command to run.
        RetiredDerby.checkDataFolder(layout.dataDir());
        RetiredDerby.checkConfiguration(layout.configDir());
        // caducee.db.mode=managed (the default): our own PostgreSQL is up before James opens its database, and stopped after it.
        ManagedPostgres postgres = DatabaseMode.from(settings) == DatabaseMode.MANAGED
            ? ManagedPostgres.start(layout.dataDir(), WriteAheadLogLimit.from(settings))
            : null;
        // One hook, so that James stops before the database it writes to; registered now, so that a start failing
        // from here on (TLS material, James's configuration) still stops the managed PostgreSQL.
        AtomicReference<GuiceJamesServer> started = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOGGER.info("Stopping Caducée");
            try {
                if (started.get() != null) {
                    started.get().stop();
                }
                if (running.get()) {
                    closeDatabasePool(started.get());
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        }, "caducee-shutdown"));
        if (postgres != null) {
            settings = settings.withManagedDatabase(postgres.jdbcUrl(), postgres.user(), postgres.password());
        }
        settings.publishForJamesConfiguration();
        // Demo boxes' passwords are printed: say whether other machines can use them.
        DemoExposure.log(settings, layout.dataDir());
        Files.createDirectories(layout.dataDir().resolve("log"));
        TlsMaterial tls = TlsMaterial.prepare(layout, settings);
        OperatorKey adminKey = OperatorKey.ensure(layout.pkiDir());
        System.setProperty(OperatorKey.PUBLIC_KEY_PROPERTY, adminKey.publicKey().toString());

        GuiceJamesServer server = create(layout, settings, tls);
        started.set(server);
        server.start();
        running.set(true);
        // systemctl reload / kill -HUP: the TLS material read again (docs/TRUST.md), not a stop.
        server.getProbe(ReloadOnHangup.class).install();
        // The shared record's box, demo or not: the service is part of the product.
        RecordBoxSetup.ensure(RecordsSettings.from(settings), server.getProbe(DirectoryProbe.class),
            server.getProbe(DataProbeImpl.class));

        Path demoAccounts = layout.demo()
            ? DemoData.seedOnFirstStart(server.getProbe(DataProbeImpl.class), server.getProbe(DirectoryProbe.class),
                layout.dataDir())
            : null;
        printBanner(layout, tls, adminKey, server.getProbe(ListenersProbe.class).listeners(), demoAccounts);
    }

    /** After James's stop: nothing writes any more. Asked only of a server that started, which has a pool. */
    private static void closeDatabasePool(GuiceJamesServer server) {
        try {
            server.getProbe(DatabasePoolProbe.class).close();
        } catch (Exception e) {
            LOGGER.warn("The database pool did not close cleanly: {}", e.toString());
        }
    }

    private static void printBanner(ServerLayout layout, TlsMaterial tls, OperatorKey adminKey,
                                    Map<String, String> listeners, Path demoAccounts) throws Exception {
        StringBuilder banner = new StringBuilder("\nCaducée ready\n");
        listeners.forEach((name, address) -> banner.append(String.format("  %-12s %s%n", name, address)));
        banner.append("  data         ").append(layout.dataDir()).append('\n');
        banner.append("  config       ").append(layout.configDir()).append('\n');
        banner.append("  TLS          ").append(tls.keystore())
            .append(tls.development() ? "  (DEVELOPMENT PKI, not for production)" : "").append('\n');
        banner.append("  trust        ").append(tls.anchors().size()).append(" anchor(s) from ")
            .append(layout.trustAnchorsDir()).append(tls.development() ? " + development root" : "").append('\n');
        banner.append("  admin key    ").append(adminKey.privateKey())
            .append("  (WebAdmin tokens: scripts/directory token)").append('\n');
        if (demoAccounts != null) {
            banner.append("  demo boxes   (login = address, password)\n");
            Files.readAllLines(demoAccounts).stream()
                .filter(line -> !line.startsWith("#"))
                .forEach(line -> banner.append("    ").append(line).append('\n'));
        }
        System.out.println(banner);
        System.out.flush();
    }
}
