package fr.caducee.server.storage.postgres;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/** Where the relational store is ({@code caducee.db.mode}). */
public enum DatabaseMode {
    /** The database of {@code caducee.db.url}: the operator's PostgreSQL (the mail spool needs PostgreSQL). */
    URL,
    /** The default: a PostgreSQL server the server runs itself in {@code <data>/var/store/postgres} ({@link ManagedPostgres}). */
    MANAGED;

    static final String CHOICES = "url (the database of caducee.db.url: your PostgreSQL) or managed (the default: "
        + "a PostgreSQL server run by Caducée in <data>/var/store/postgres)";

    /**
     * The mode of these settings; in {@code managed} mode the server gives the URL, the user and the password
     * itself, so one given by the operator is refused rather than silently ignored.
     */
    public static DatabaseMode from(Settings settings) {
        DatabaseMode mode = settings.choice(Setting.DB_MODE, DatabaseMode.class, CHOICES);
        if (mode == MANAGED) {
            for (Setting own : new Setting[] {Setting.DB_URL, Setting.DB_USER, Setting.DB_PASSWORD_FILE}) {
                if (settings.isGiven(own)) {
                    throw settings.invalid(own, "cannot be set with caducee.db.mode=managed: the managed PostgreSQL "
                        + "has its own address, role and password (in <data>/var/store/postgres.secret); remove "
                        + own.key() + ", or set caducee.db.mode=url to use that database");
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
