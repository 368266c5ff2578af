package fr.caducee.server.gateway;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.admission.EdOutcome;
import fr.caducee.gateway.port.EdArrivals;

/**
 * The arrivals at the emergency departments, in {@code gateway_ed_arrival} (migration V11): one row per hospital and
 * visit, {@code gp_box} holding the boxes told, comma-separated.
 */
public final class JdbcEdArrivals implements EdArrivals {
    private static final String COLUMNS = "visit_id, control_id, day, arrived_at, department, ins, patient_name, "
        + "birth_date, gp_id, gp_name, gp_box, outcome, reason, notice_message_id, updated_at";

    private final DataSource database;

    public JdbcEdArrivals(DataSource database) {
        this.database = database;
    }

    @Override
    public Optional<Arrival> find(BoxAddress peer, String visitId) throws DependencyUnavailableException {
        List<Arrival> found = select("SELECT " + COLUMNS
            + " FROM gateway_ed_arrival WHERE peer_box = ? AND visit_id = ?", peer.address(), visitId);
        return found.stream().findFirst();
    }

    @Override
    public List<Arrival> ofDay(BoxAddress peer, LocalDate day) throws DependencyUnavailableException {
        return select("SELECT " + COLUMNS + " FROM gateway_ed_arrival WHERE peer_box = ? AND day = ? "
            + "ORDER BY arrived_at, visit_id", peer.address(), Date.valueOf(day));
    }

    @Override
    public void record(BoxAddress peer, Arrival arrival) throws DependencyUnavailableException {
        try (Connection connection = database.getConnection();
             PreparedStatement upsert = connection.prepareStatement("INSERT INTO gateway_ed_arrival (peer_box, "
                 + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                 + "ON CONFLICT (peer_box, visit_id) DO UPDATE SET control_id = EXCLUDED.control_id, "
                 + "day = EXCLUDED.day, arrived_at = EXCLUDED.arrived_at, department = EXCLUDED.department, "
                 + "ins = EXCLUDED.ins, patient_name = EXCLUDED.patient_name, birth_date = EXCLUDED.birth_date, "
                 + "gp_id = EXCLUDED.gp_id, gp_name = EXCLUDED.gp_name, gp_box = EXCLUDED.gp_box, "
                 + "outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, "
                 + "notice_message_id = EXCLUDED.notice_message_id, updated_at = EXCLUDED.updated_at")) {
            upsert.setString(1, peer.address());
            upsert.setString(2, arrival.visitId());
            upsert.setString(3, arrival.controlId());
            upsert.setDate(4, Date.valueOf(arrival.day()));
            upsert.setTimestamp(5, Timestamp.from(arrival.arrivedAt()));
            upsert.setString(6, arrival.department());
            upsert.setString(7, arrival.ins().orElse(null));
            upsert.setString(8, arrival.patientName());
            upsert.setDate(9, arrival.birthDate().map(Date::valueOf).orElse(null));
            upsert.setString(10, arrival.gpId().orElse(null));
            upsert.setString(11, arrival.gpName().isEmpty() ? null : arrival.gpName());
            upsert.setString(12, arrival.notified().isEmpty() ? null
                : String.join(",", arrival.notified().stream().map(BoxAddress::address).toList()));
            upsert.setString(13, arrival.outcome().name());
            upsert.setString(14, arrival.reason());
            upsert.setString(15, arrival.noticeMessageId().orElse(null));
            upsert.setTimestamp(16, Timestamp.from(arrival.updatedAt()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
    }

    private List<Arrival> select(String sql, Object... parameters) throws DependencyUnavailableException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<Arrival> arrivals = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    arrivals.add(arrival(row));
                }
            }
            return arrivals;
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
    }

    private static Arrival arrival(ResultSet row) throws SQLException {
        String told = row.getString("gp_box");
        return new Arrival(row.getString("visit_id"), row.getString("control_id"),
            row.getDate("day").toLocalDate(), row.getTimestamp("arrived_at").toInstant(), row.getString("department"),
            Optional.ofNullable(row.getString("ins")), row.getString("patient_name"),
            Optional.ofNullable(row.getDate("birth_date")).map(Date::toLocalDate),
            Optional.ofNullable(row.getString("gp_id")), Optional.ofNullable(row.getString("gp_name")).orElse(""),
            told == null ? List.of() : Arrays.stream(told.split(",")).map(BoxAddress::parse).toList(),
            EdOutcome.valueOf(row.getString("outcome")), row.getString("reason"),
            Optional.ofNullable(row.getString("notice_message_id")), row.getTimestamp("updated_at").toInstant());
    }
}
