package fr.caducee.server.storage.postgres;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.storage.RetiredDerby;

/** Where the relational store is ({@code caducee.db.mode}). */
public enum DatabaseMode {
    /** The default: a PostgreSQL server the server runs itself in {@code <data>/var/store/postgres} ({@link ManagedPostgres}). */
    MANAGED,
    /** The operator's PostgreSQL at {@code caducee.db.url} (production). */
    EXTERNAL;

    static final String CHOICES = "managed (a PostgreSQL server run by Caducée in <data>/var/store/postgres, the "
        + "default) or external (your PostgreSQL at caducee.db.url)";

    /**
     * The mode of these settings; in {@code managed} mode the server gives the URL, the user and the password
     * itself, so one given by the operator is refused rather than silently ignored.
     */
    public static DatabaseMode from(Settings settings) {
        if (settings.text(Setting.DB_MODE).strip().equalsIgnoreCase("url")) {
            throw settings.invalid(Setting.DB_MODE, "url is now called external (your PostgreSQL at caducee.db.url); "
                + "embedded Derby, which url defaulted to, is no longer supported");
        }
        if (RetiredDerby.isDerbyUrl(settings.text(Setting.DB_URL))) {
            throw settings.invalid(Setting.DB_URL, RetiredDerby.urlRefusal());
        }
        DatabaseMode mode = settings.choice(Setting.DB_MODE, DatabaseMode.class, CHOICES);
        if (mode == EXTERNAL && !settings.text(Setting.DB_URL).startsWith("jdbc:postgresql:")) {
            throw settings.invalid(Setting.DB_URL, "caducee.db.mode=external needs the JDBC URL of your PostgreSQL "
                + "(jdbc:postgresql://host:5432/caducee), was '" + settings.text(Setting.DB_URL) + "'");
        }
        if (mode == MANAGED) {
            for (Setting own : new Setting[] {Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD_FILE}) {
                if (settings.isGiven(own)) {
                    throw settings.invalid(own, "cannot be set with caducee.db.mode=managed: the managed PostgreSQL "
                        + "has its own address, role and password (in <data>/var/store/postgres.secret); remove "
                        + own.key() + ", or set caducee.db.mode=external to use that database");
                }
            }
            if (settings.secret(Setting.DB_PASSWORD).isPresent()) {
                throw settings.invalid(Setting.DB_PASSWORD, "cannot be set with caducee.db.mode=managed (it was "
                    + "given in CADUCEE_DB_PASSWORD): the managed PostgreSQL's password is generated in "
                    + "<data>/var/store/postgres.secret; unset that variable");
            }
        }
        return mode;
    }
}
