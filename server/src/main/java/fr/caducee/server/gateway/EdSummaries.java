package fr.caducee.server.gateway;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.admission.EdNotice;
import fr.caducee.gateway.admission.EdNotifications;
import fr.caducee.gateway.port.EdArrivals;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;

/**
 * The daily summary each emergency department gets in its ORG box ({@code caducee.gateway.hospital.<id>.edBox}): at
 * {@code caducee.gateway.summaryAt}, in the gateway's zone, the previous day's arrivals summed up
 * ({@link EdNotifications#summary}), sent as the hospital's box through the {@link Outbox} (purpose
 * {@code ED_SUMMARY}, control id {@code summary-<day>}), once per hospital and day ({@code gateway_ed_summary}).
 *
 * <p>Checked at start and then every {@link #PERIOD_SECONDS} seconds, so a server that was down at the time sends
 * the last summary due when it starts again (only the last: a week away does not bring seven). A day without
 * arrivals is summed up too: the ED sees that nothing came through the gateway. A summary the chain refuses is
 * logged and not tried again; the database, the directory or the listener away: tried again at the next check.
 */
public final class EdSummaries {
    private static final Logger LOGGER = LoggerFactory.getLogger(EdSummaries.class);
    static final long PERIOD_SECONDS = 20;

    private final HospitalPeers peers;
    private final EdArrivals arrivals;
    private final EdNotifications notifications;
    private final Outbox outbox;
    private final DataSource database;
    private final GatewaySettings settings;
    private final String domain;
    private final Clock clock;
    private volatile LocalDate doneThrough;

    public EdSummaries(HospitalPeers peers, EdArrivals arrivals, EdNotifications notifications, Outbox outbox,
                       DataSource database, GatewaySettings settings, String domain, Clock clock) {
        this.peers = peers;
        this.arrivals = arrivals;
        this.notifications = notifications;
        this.outbox = outbox;
        this.database = database;
        this.settings = settings;
        this.domain = domain;
        this.clock = clock;
    }

    /** The last day whose summary is due now: yesterday once today's time has come, else the day before. */
    LocalDate lastDue() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, settings.zone());
        Instant dueToday = today.atTime(settings.summaryAt()).atZone(settings.zone()).toInstant();
        return now.isBefore(dueToday) ? today.minusDays(2) : today.minusDays(1);
    }

    /** Sends the summaries due and not sent yet; returns how many were sent. */
    public int sendDue() {
        LocalDate day = lastDue();
        if (day.equals(doneThrough)) {
            return 0;
        }
        int sent = 0;
        boolean all = true;
        for (GatewaySettings.Hospital hospital : peers.hospitals()) {
            if (hospital.edBox().isEmpty()) {
                continue;
            }
            try {
                if (send(hospital, day)) {
                    sent++;
                }
            } catch (DependencyUnavailableException | DirectoryUnavailableException | SQLException e) {
                all = false;
                LOGGER.warn("Gateway: the summary of {} for {} could not be sent now ({}); tried again in {} s",
                    day, hospital.edBox().get(), e.getMessage(), PERIOD_SECONDS);
            }
        }
        if (all) {
            doneThrough = day;
        }
        return sent;
    }

    private boolean send(GatewaySettings.Hospital hospital, LocalDate day)
            throws DependencyUnavailableException, SQLException {
        if (alreadySent(hospital, day)) {
            return false;
        }
        Optional<Peer> peer = peers.peerOf(hospital);
        if (peer.isEmpty()) {
            LOGGER.warn("Gateway: no summary for {} on {}: the hospital's box {} is not an active APP box",
                hospital.edBox().get(), day, hospital.box());
            return false;
        }
        List<EdArrivals.Arrival> seen = arrivals.ofDay(hospital.box(), day);
        Optional<EdNotice> summary = notifications.summary(peer.get(), day,
            seen.stream().map(EdArrivals.Arrival::summarised).toList());
        if (summary.isEmpty()) {
            return false;
        }
        PlannedMail mail = summary.get().planned("summary-" + day, domain, clock.instant());
        SubmissionResult result = outbox.send(mail);
        if (result instanceof SubmissionResult.Refused refused) {
            LOGGER.error("Gateway: the summary of {} for {} was refused by the submission chain, and is not tried "
                + "again: {}", day, hospital.edBox().get(), refused);
        } else {
            LOGGER.info("Gateway: summary of {} sent to {} ({} arrival(s))", day, hospital.edBox().get(), seen.size());
        }
        markSent(hospital, day, mail.messageId());
        return result instanceof SubmissionResult.Accepted;
    }

    private boolean alreadySent(GatewaySettings.Hospital hospital, LocalDate day) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT 1 FROM gateway_ed_summary WHERE peer_box = ? AND day = ?")) {
            select.setString(1, hospital.box().address());
            select.setDate(2, Date.valueOf(day));
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private void markSent(GatewaySettings.Hospital hospital, LocalDate day, String messageId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO gateway_ed_summary (peer_box, day, "
                 + "message_id, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT (peer_box, day) DO NOTHING")) {
            insert.setString(1, hospital.box().address());
            insert.setDate(2, Date.valueOf(day));
            insert.setString(3, messageId);
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }
}
