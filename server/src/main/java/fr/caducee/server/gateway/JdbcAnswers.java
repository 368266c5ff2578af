package fr.caducee.server.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.message.Header;
import fr.caducee.gateway.port.Answers;

/** The answers given to hospitals' messages, in {@code gateway_message} (migration V11). */
public final class JdbcAnswers implements Answers {
    private final DataSource database;

    public JdbcAnswers(DataSource database) {
        this.database = database;
    }

    @Override
    public Optional<Answer> find(BoxAddress peer, String controlId) throws DependencyUnavailableException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT ack_code, ack, summary FROM gateway_message WHERE peer_box = ? AND control_id = ?")) {
            select.setString(1, peer.address());
            select.setString(2, controlId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                    ? Optional.of(new Answer(row.getString(1), row.getBytes(2), row.getString(3)))
                    : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
    }

    @Override
    public Answer keep(BoxAddress peer, Header header, Instant receivedAt, Answer answer)
            throws DependencyUnavailableException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                 INSERT INTO gateway_message (peer_box, control_id, message_type, sending_app, sending_facility,
                     receiving_app, receiving_facility, version, received_at, ack_code, ack, summary)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (peer_box, control_id) DO NOTHING""")) {
            insert.setString(1, peer.address());
            insert.setString(2, header.controlId());
            insert.setString(3, header.messageType());
            insert.setString(4, header.sendingApplication());
            insert.setString(5, header.sendingFacility());
            insert.setString(6, header.receivingApplication());
            insert.setString(7, header.receivingFacility());
            insert.setString(8, header.version());
            insert.setTimestamp(9, Timestamp.from(receivedAt));
            insert.setString(10, answer.code());
            insert.setBytes(11, answer.ack());
            insert.setString(12, answer.summary());
            if (insert.executeUpdate() == 1) {
                return answer;
            }
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
        // Another copy of the message was answered meanwhile: its answer is the one.
        return find(peer, header.controlId()).orElse(answer);
    }
}
