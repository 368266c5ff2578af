package fr.caducee.server.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.bridge.SLF4JBridgeHandler;

import fr.caducee.server.ServerLayout;
import fr.caducee.server.migration.DerbyMigration;
import fr.caducee.server.migration.DerbyMigration.MigrationRefused;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.search.PostgresMessageIndexing;
import fr.caducee.server.storage.postgres.DatabaseMode;
import fr.caducee.server.storage.postgres.ManagedPostgres;
import fr.caducee.server.storage.postgres.StalePostmaster;
import fr.caducee.server.storage.postgres.WriteAheadLogLimit;
import fr.caducee.server.storage.search.MessageIndexing;

/**
 * {@code scripts/migrate-derby --from <earlier data folder>}: copies, once, the mail an earlier version kept in
 * embedded Derby into the PostgreSQL this server is configured for (the managed one of its data folder, started here
 * as the server starts it, or the external one of {@code caducee.db.url}); see {@link DerbyMigration}. The server
 * must be stopped. Exit status: 0 copied and verified, 1 refused or failed (nothing written), 2 bad usage.
 */
public final class MigrateDerbyCli {
    static final String USAGE = """
        Usage: scripts/migrate-derby --from DIR
          Copies the mailboxes, messages, flags, subscriptions, annotations, conversations, domains, address
          rewrites and quota limits of an earlier version's embedded Derby database (DIR/var/store/derby, left
          untouched) into the PostgreSQL of this server's settings (caducee.db.mode: the managed PostgreSQL of
          $CADUCEE_DATA, or the external one), then compares the counts per table and per mailbox. DIR may be the
          server's own data folder. Stop the servers of both folders first; see docs/MIGRATION.md.""";

    private final PrintStream out;
    private final PrintStream err;

    public MigrateDerbyCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        MigrateDerbyCli cli = new MigrateDerbyCli(System.out, System.err);
        int status;
        try {
            status = cli.run(List.of(args), Settings.atStart());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Migration refused: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    public int run(List<String> args, Settings settings) {
        if (args.size() != 2 || !args.get(0).equals("--from")) {
            boolean help = args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("help"));
            (help ? out : err).println(USAGE);
            return help ? 0 : 2;
        }
        Path from = Path.of(args.get(1)).toAbsolutePath().normalize();
        Path dataDir = ServerLayout.from(settings).dataDir().toAbsolutePath().normalize();
        DatabaseMode mode = DatabaseMode.from(settings);
        ManagedPostgres managed = null;
        try {
            String url;
            String user;
            String password;
            if (mode == DatabaseMode.MANAGED) {
                StalePostmaster running = StalePostmaster.inspect(dataDir.resolve("var/store/postgres"),
                    StalePostmaster::procCommandLine);
                if (running.verdict() == StalePostmaster.Verdict.RUNNING) {
                    err.println("Migration refused: the managed PostgreSQL of " + dataDir + " is running (pid "
                        + running.pid() + "): stop the Caducée server of that data folder first (one killed with "
                        + "kill -9 leaves it running: stop it with kill -INT " + running.pid() + ")");
                    return 1;
                }
                Files.createDirectories(dataDir);
                managed = ManagedPostgres.start(dataDir, WriteAheadLogLimit.from(settings));
                url = managed.jdbcUrl();
                user = managed.user();
                password = managed.password();
            } else {
                url = settings.text(Setting.DB_URL);
                user = settings.text(Setting.DB_USER);
                password = settings.secret(Setting.DB_PASSWORD).orElse("");
            }
            out.println("Migrating " + from.resolve("var/store/derby") + " into " + url);
            PGSimpleDataSource target = new PGSimpleDataSource();
            target.setURL(url);
            target.setUser(user);
            target.setPassword(password);
            SchemaMigrations.apply(target);
            DerbyMigration.createJamesTables(url, user, password);
            MessageIndexing indexing = indexing();
            DerbyMigration.Summary summary = new DerbyMigration(from, dataDir.resolve("var/derby-migration"), target,
                url, indexing, out).run();
            out.printf("Migration verified and committed: %d mailbox(es), %d message(s), %d subscription(s), "
                + "%d conversation(s) in %d ms. %s is kept as it was; the server starts on PostgreSQL now.%n",
                summary.mailboxes(), summary.messages(), summary.subscriptions(), summary.conversations(),
                summary.millis(), from.resolve("var/store/derby"));
            return 0;
        } catch (MigrationRefused e) {
            err.println("Migration refused: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("Migration failed, nothing was written to PostgreSQL (the copy was rolled back): "
                + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("Migration failed, nothing was written to PostgreSQL: " + e);
            return 1;
        } finally {
            if (managed != null) {
                managed.close();
            }
        }
    }

    /** The search index's writer: each message is indexed in the migration's transaction, as at delivery. */
    private MessageIndexing indexing() {
        return new PostgresMessageIndexing();
    }
}
