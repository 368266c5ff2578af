package fr.caducee.webmail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import fr.caducee.webmail.login.FactorStore;
import fr.caducee.webmail.login.LockoutStore;
import fr.caducee.webmail.port.PatientPreferences;

/**
 * The webmail's own tables in the server's PostgreSQL (V6__webmail.sql, V8__webmail_lockout_quiet.sql): each
 * patient's second factor and notification address ({@code webmail_account}), their recovery codes, and failed
 * logins per address. Patients are keyed by their box address, lower case.
 */
public final class JdbcAccountStore implements FactorStore, LockoutStore, PatientPreferences {
    private final DataSource database;

    public JdbcAccountStore(DataSource database) {
        this.database = database;
    }

    @Override
    public Optional<Enrolment> enrolment(String patient) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT totp_secret, totp_last_step, "
                 + "totp_enrolled FROM webmail_account WHERE patient = ? AND totp_secret IS NOT NULL")) {
            select.setString(1, key(patient));
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                    ? Optional.of(new Enrolment(row.getBytes(1), row.getLong(2), instant(row, 3)))
                    : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the second factor of " + patient, e);
        }
    }

    @Override
    public boolean enrol(String patient, byte[] sealedSecret, long step, List<String> codeHashes, Instant at) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean enrolled = enrol(connection, key(patient), sealedSecret, step, codeHashes, at);
                if (enrolled) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return enrolled;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("recording the second factor of " + patient, e);
        }
    }

    private static boolean enrol(Connection connection, String patient, byte[] sealedSecret, long step,
                                 List<String> codeHashes, Instant at) throws SQLException {
        // Only where no app is recorded yet: a second enrolment must not replace the first one behind its back.
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO webmail_account (patient, "
                + "totp_secret, totp_enrolled, totp_last_step) VALUES (?, ?, ?, ?) ON CONFLICT (patient) DO UPDATE "
                + "SET totp_secret = EXCLUDED.totp_secret, totp_enrolled = EXCLUDED.totp_enrolled, "
                + "totp_last_step = EXCLUDED.totp_last_step WHERE webmail_account.totp_secret IS NULL")) {
            upsert.setString(1, patient);
            upsert.setBytes(2, sealedSecret);
            upsert.setObject(3, timestamp(at));
            upsert.setLong(4, step);
            if (upsert.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM webmail_recovery_code WHERE patient = ?")) {
            delete.setString(1, patient);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO webmail_recovery_code (patient, code_hash) VALUES (?, ?)")) {
            for (String hash : codeHashes) {
                insert.setString(1, patient);
                insert.setString(2, hash);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return true;
    }

    @Override
    public boolean spendStep(String patient, long step) {
        return update("spending a TOTP step of " + patient, "UPDATE webmail_account SET totp_last_step = ? "
            + "WHERE patient = ? AND totp_last_step < ?", step, key(patient), step) == 1;
    }

    @Override
    public boolean spendRecoveryCode(String patient, String codeHash, Instant at) {
        return update("spending a recovery code of " + patient, "UPDATE webmail_recovery_code SET used_at = ? "
            + "WHERE patient = ? AND code_hash = ? AND used_at IS NULL", timestamp(at), key(patient), codeHash) == 1;
    }

    @Override
    public int recoveryCodesLeft(String patient) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT count(*) FROM webmail_recovery_code WHERE patient = ? AND used_at IS NULL")) {
            select.setString(1, key(patient));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting the recovery codes of " + patient, e);
        }
    }

    @Override
    public void loggedIn(String patient, Instant at) {
        update("recording the login of " + patient, "UPDATE webmail_account SET last_login = ? WHERE patient = ?",
            timestamp(at), key(patient));
    }

    @Override
    public int failed(String login, Instant at) {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO webmail_lockout (login, failures, "
                 + "last_failure) VALUES (?, 1, ?) ON CONFLICT (login) DO UPDATE SET failures = "
                 + "webmail_lockout.failures + 1, last_failure = EXCLUDED.last_failure RETURNING failures")) {
            upsert.setString(1, login);
            upsert.setObject(2, timestamp(at));
            try (ResultSet row = upsert.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("counting a failed login", e);
        }
    }

    @Override
    public void lock(String login, Instant until) {
        update("locking a login", "UPDATE webmail_lockout SET locked_until = ? WHERE login = ?", timestamp(until),
            login);
    }

    @Override
    public Optional<Instant> lockedUntil(String login) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT locked_until FROM webmail_lockout WHERE login = ? AND locked_until IS NOT NULL")) {
            select.setString(1, login);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(instant(row, 1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading a login's lock", e);
        }
    }

    @Override
    public void reset(String login) {
        update("forgetting failed logins", "DELETE FROM webmail_lockout WHERE login = ?", login);
    }

    @Override
    public int forgetQuietSince(Instant since) {
        return update("forgetting old failed logins", "DELETE FROM webmail_lockout WHERE last_failure < ? "
            + "AND (locked_until IS NULL OR locked_until < ?)", timestamp(since), timestamp(since));
    }

    @Override
    public Optional<String> notifyAddress(String patient) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT notify_address FROM webmail_account WHERE patient = ? AND notify_address IS NOT NULL")) {
            select.setString(1, key(patient));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the notification address of " + patient, e);
        }
    }

    @Override
    public void setNotifyAddress(String patient, Optional<String> address) {
        update("setting the notification address of " + patient, "INSERT INTO webmail_account (patient, "
            + "notify_address) VALUES (?, ?) ON CONFLICT (patient) DO UPDATE SET notify_address = "
            + "EXCLUDED.notify_address", key(patient), address.orElse(null));
    }

    private int update(String what, String sql, Object... values) {
        try (Connection connection = database.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    private static String key(String patient) {
        return patient.toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
