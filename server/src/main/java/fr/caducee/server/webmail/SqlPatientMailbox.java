package fr.caducee.server.webmail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.rules.patients.Conversation;
import fr.caducee.rules.patients.PatientRefusals;
import fr.caducee.rules.patients.PharmacistFirstContact;
import fr.caducee.webmail.port.Correspondent;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.Viewer;

/**
 * The patient's box seen as conversations: a read model over PostgreSQL that joins the box's messages (its
 * {@code INBOX} and the {@value SentFolder#NAME} folder the webmail keeps) to the conversations the submission rules
 * keep ({@code CADUCEE_CONVERSATION*}), by the SHA-256 of each message's Message-ID, computed in the database
 * ({@code caducee_conversation_key}, migration V9). A message of the box in none of the patient's conversations (a
 * notice of the shared record...) is a conversation of its own that cannot be replied to.
 *
 * <p>A page of the list is two statements whatever the number of conversations: the threads of the box, aggregated
 * and ordered by last activity, with the header of each one's first message; then the conversations of the page with
 * their participants. A conversation's page is two more (the conversation, its messages with their bytes). Every
 * statement is constrained by the open box: an id or a ref of another box is unknown here, never forbidden.
 */
public class SqlPatientMailbox implements PatientMailbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(SqlPatientMailbox.class);
    static final String STANDALONE = "m-";
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The box's messages the webmail shows, each with the key of its Message-ID. */
    private static final String BOX = "SELECT mm.mailbox_id, mm.uid, mm.message_id, mm.internal_date, mm.seen,"
        + " mb.name = 'INBOX' AS received, caducee_conversation_key(s.message_id_header) AS message_key"
        + " FROM caducee_mailbox mb JOIN caducee_mailbox_message mm ON mm.mailbox_id = mb.mailbox_id"
        + " LEFT JOIN caducee_message_search s ON s.message_id = mm.message_id"
        + " WHERE mb.namespace = '#private' AND mb.owner = ? AND mb.name IN ('INBOX', '" + SentFolder.NAME + "')"
        + " AND NOT mm.deleted";
    /** Each message of the box with the patient's conversation it belongs to, if any (parameters: box, patient). */
    private static final String PLACED = "WITH box AS (" + BOX + "), placed AS (SELECT box.*, cm.conversation_id"
        + " FROM box LEFT JOIN CADUCEE_CONVERSATION_MESSAGE cm ON cm.message_key = box.message_key"
        + " AND cm.conversation_id IN (SELECT id FROM CADUCEE_CONVERSATION WHERE patient = ?))";
    private static final String THREADS = PLACED + ", threads AS (SELECT"
        + " COALESCE(TRIM(conversation_id), '" + STANDALONE + "' || message_id::text) AS thread,"
        + " max(internal_date) AS last_activity, count(*) AS messages,"
        + " count(*) FILTER (WHERE received AND NOT seen) AS unread,"
        + " (array_agg(message_id ORDER BY internal_date, uid))[1] AS first_message"
        + " FROM placed GROUP BY 1)";
    private static final String PAGE = THREADS + " SELECT t.thread, t.last_activity, t.messages, t.unread, m.header"
        + " FROM (SELECT * FROM threads ORDER BY last_activity DESC, thread DESC LIMIT ? OFFSET ?) t"
        + " JOIN caducee_message m ON m.message_id = t.first_message ORDER BY t.last_activity DESC, t.thread DESC";
    private static final String COUNT = THREADS + " SELECT count(*) FROM threads";
    private static final String CONVERSATIONS = "SELECT c.ID, c.OPENED_BY, c.OPENED_AT, c.CLOSED_BY, c.CLOSED_AT,"
        + " array_agg(p.BOX ORDER BY p.BOX) FILTER (WHERE p.BOX IS NOT NULL)"
        + " FROM CADUCEE_CONVERSATION c LEFT JOIN CADUCEE_CONVERSATION_PARTICIPANT p ON p.CONVERSATION_ID = c.ID"
        + " WHERE c.PATIENT = ? AND c.ID = ANY (?)"
        + " GROUP BY c.ID, c.OPENED_BY, c.OPENED_AT, c.CLOSED_BY, c.CLOSED_AT";
    private static final String MESSAGE_COLUMNS = "SELECT box.message_id, box.received, box.seen, box.internal_date,"
        + " m.header, m.body FROM box JOIN caducee_message m ON m.message_id = box.message_id";
    /** A conversation's messages in the box (parameters: box, conversation). */
    private static final String CONVERSATION_MESSAGES = "WITH box AS (" + BOX + ") " + MESSAGE_COLUMNS
        + " WHERE box.message_key IN (SELECT MESSAGE_KEY FROM CADUCEE_CONVERSATION_MESSAGE WHERE CONVERSATION_ID = ?)"
        + " ORDER BY box.internal_date, box.uid";
    /** One message of the box (parameters: box, message). */
    private static final String ONE_MESSAGE = "WITH box AS (" + BOX + ") " + MESSAGE_COLUMNS
        + " WHERE box.message_id = ? ORDER BY box.received DESC LIMIT 1";
    /** The received messages not seen yet of a conversation (parameters: box, conversation). */
    private static final String UNSEEN = "WITH box AS (" + BOX + ") SELECT box.uid FROM box WHERE box.received"
        + " AND NOT box.seen AND box.message_key IN"
        + " (SELECT MESSAGE_KEY FROM CADUCEE_CONVERSATION_MESSAGE WHERE CONVERSATION_ID = ?)";
    private static final String UNSEEN_ONE = "WITH box AS (" + BOX + ") SELECT box.uid FROM box WHERE box.received"
        + " AND NOT box.seen AND box.message_id = ?";

    private final DataSource database;
    private final Correspondents correspondents;
    private final DirectoryStore directoryStore;
    private final PharmacistFirstContact pharmacist;
    private final SeenFlags seenFlags;

    SqlPatientMailbox(DataSource database, Directory directory, DirectoryStore directoryStore,
                      PharmacistFirstContact pharmacist, SeenFlags seenFlags) {
        this.database = database;
        this.correspondents = new Correspondents(directory);
        this.directoryStore = directoryStore;
        this.pharmacist = pharmacist;
        this.seenFlags = seenFlags;
    }

    @Override
    public List<ConversationSummary> conversations(Viewer viewer, int offset, int limit) {
        String box = viewer.boxAddress();
        try (Connection connection = database.getConnection()) {
            List<ThreadRow> threads = new ArrayList<>();
            try (PreparedStatement page = connection.prepareStatement(PAGE)) {
                page.setString(1, box);
                page.setString(2, box);
                page.setInt(3, Math.max(0, limit));
                page.setInt(4, Math.max(0, offset));
                try (ResultSet rows = page.executeQuery()) {
                    while (rows.next()) {
                        threads.add(new ThreadRow(rows.getString(1), rows.getTimestamp(2).toInstant(), rows.getInt(3),
                            rows.getInt(4), rows.getBytes(5)));
                    }
                }
            }
            Map<String, Conversation> conversations = conversations(connection, box,
                threads.stream().map(ThreadRow::thread).filter(id -> !id.startsWith(STANDALONE)).toList());
            List<ConversationSummary> summaries = new ArrayList<>();
            for (ThreadRow thread : threads) {
                StoredMail first = StoredMail.headerOf(thread.firstHeader());
                summaries.add(summary(viewer, thread.thread(), Optional.ofNullable(conversations.get(thread.thread())),
                    first, thread.lastActivity(), thread.messages(), thread.unread()));
            }
            return summaries;
        } catch (SQLException e) {
            throw unavailable("list the conversations of " + box, e);
        } catch (IOException e) {
            throw unreadable("list the conversations of " + box, e);
        }
    }

    @Override
    public int conversationCount(Viewer viewer) {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement(COUNT)) {
            count.setString(1, viewer.boxAddress());
            count.setString(2, viewer.boxAddress());
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw unavailable("count the conversations of " + viewer.boxAddress(), e);
        }
    }

    @Override
    public Optional<fr.caducee.webmail.port.Conversation> conversation(Viewer viewer, String conversationId) {
        String box = viewer.boxAddress();
        Optional<UUID> standalone = standalone(conversationId);
        if (standalone.isEmpty() && !UUID_TEXT.matcher(conversationId).matches()) {
            return Optional.empty();
        }
        try (Connection connection = database.getConnection()) {
            Optional<Conversation> conversation = Optional.empty();
            List<StoredRow> rows;
            if (standalone.isPresent()) {
                rows = messages(connection, ONE_MESSAGE, box, standalone.get());
            } else {
                conversation = Optional.ofNullable(conversations(connection, box, List.of(conversationId))
                    .get(conversationId));
                if (conversation.isEmpty()) {
                    return Optional.empty();
                }
                rows = messages(connection, CONVERSATION_MESSAGES, box, conversationId);
            }
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            List<MailMessage> messages = new ArrayList<>();
            for (StoredRow row : rows) {
                messages.add(message(viewer, row));
            }
            StoredRow first = rows.get(0);
            int unread = (int) rows.stream().filter(row -> row.received() && !row.seen()).count();
            Instant last = rows.stream().map(StoredRow::arrived).max(Instant::compareTo).orElseThrow();
            ConversationSummary summary = summary(viewer, conversationId, conversation, first.mail(), last, rows.size(),
                unread);
            List<Correspondent> replyTo = summary.replyable() ? summary.professionals() : List.of();
            return Optional.of(new fr.caducee.webmail.port.Conversation(summary, messages, replyTo));
        } catch (SQLException e) {
            throw unavailable("read conversation " + conversationId + " of " + box, e);
        } catch (IOException e) {
            throw unreadable("read conversation " + conversationId + " of " + box, e);
        }
    }

    @Override
    public void markSeen(Viewer viewer, String conversationId) {
        Optional<UUID> standalone = standalone(conversationId);
        if (standalone.isEmpty() && !UUID_TEXT.matcher(conversationId).matches()) {
            return;
        }
        List<Long> uids = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement unseen = connection.prepareStatement(standalone.isPresent() ? UNSEEN_ONE : UNSEEN)) {
            unseen.setString(1, viewer.boxAddress());
            if (standalone.isPresent()) {
                unseen.setObject(2, standalone.get());
            } else {
                unseen.setString(2, conversationId);
            }
            try (ResultSet rows = unseen.executeQuery()) {
                while (rows.next()) {
                    uids.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw unavailable("read the unseen messages of " + viewer.boxAddress(), e);
        }
        if (!uids.isEmpty()) {
            seenFlags.markSeen(viewer.boxAddress(), uids);
        }
    }

    @Override
    public Optional<Download> attachment(Viewer viewer, String messageRef, int index) {
        if (index < 0 || !UUID_TEXT.matcher(messageRef).matches()) {
            return Optional.empty();
        }
        try (Connection connection = database.getConnection()) {
            List<StoredRow> rows = messages(connection, ONE_MESSAGE, viewer.boxAddress(), UUID.fromString(messageRef));
            if (rows.isEmpty() || index >= rows.get(0).mail().attachments().size()) {
                return Optional.empty();
            }
            return Optional.of(ShownAttachment.of(rows.get(0).mail().attachments().get(index)).download());
        } catch (SQLException e) {
            throw unavailable("read message " + messageRef + " of " + viewer.boxAddress(), e);
        } catch (IOException e) {
            throw unreadable("read message " + messageRef + " of " + viewer.boxAddress(), e);
        }
    }

    @Override
    public List<Correspondent> pharmacies(Viewer viewer) {
        Patient patient = viewer.box();
        Set<StructureId> pharmacies = new LinkedHashSet<>();
        for (Dispensing dispensing : patient.dispensings()) {
            pharmacies.add(dispensing.pharmacy());
        }
        List<Correspondent> boxes = new ArrayList<>();
        for (StructureId pharmacy : pharmacies) {
            for (Box box : directoryStore.boxesAt(pharmacy)) {
                // The rule the submission chain applies, so that the page offers exactly what the chain accepts.
                if (pharmacist.allows(patient, box.address())) {
                    boxes.add(correspondents.of(box));
                }
            }
        }
        return boxes;
    }

    private ConversationSummary summary(Viewer viewer, String id, Optional<Conversation> conversation, StoredMail first,
                                        Instant lastActivity, int messages, int unread) {
        String self = viewer.boxAddress();
        List<Correspondent> professionals = new ArrayList<>();
        Optional<ConversationSummary.Closing> closing = Optional.empty();
        if (conversation.isPresent()) {
            Conversation c = conversation.get();
            Set<String> boxes = new LinkedHashSet<>();
            if (c.participants().contains(c.openedBy())) {
                boxes.add(c.openedBy());
            }
            c.participants().stream().sorted().forEach(boxes::add);
            boxes.remove(self);
            boxes.forEach(address -> professionals.add(correspondents.of(address)));
            if (!c.isOpen()) {
                closing = Optional.of(new ConversationSummary.Closing(correspondents.of(c.closedBy().orElse(c.openedBy())),
                    c.closedAt().orElseThrow(), PatientRefusals.closedSentence(c)));
            }
        } else {
            first.from().filter(from -> !from.equals(self)).ifPresent(from -> professionals.add(correspondents.of(from)));
        }
        return new ConversationSummary(id, Subjects.title(first.subject()), professionals, lastActivity, messages, unread,
            conversation.map(Conversation::isOpen).orElse(false), closing);
    }

    private MailMessage message(Viewer viewer, StoredRow row) {
        StoredMail mail = row.mail();
        String self = viewer.boxAddress();
        String from = mail.from().orElse(self);
        List<MailMessage.AttachmentInfo> attachments = new ArrayList<>();
        List<StoredMail.Part> parts = mail.attachments();
        for (int i = 0; i < parts.size(); i++) {
            attachments.add(ShownAttachment.of(parts.get(i)).info(i));
        }
        return new MailMessage(row.id().toString(), correspondents.of(from),
            mail.recipients().stream().map(correspondents::of).toList(), from.equals(self),
            Subjects.shown(mail.subject()), mail.date().orElse(row.arrived()), !row.received() || row.seen(),
            mail.text(), mail.html(), attachments, mail.messageId(), mail.references());
    }

    /** The patient's conversations among these ids, with their participants. */
    private static Map<String, Conversation> conversations(Connection connection, String patient, List<String> ids)
            throws SQLException {
        Map<String, Conversation> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement select = connection.prepareStatement(CONVERSATIONS)) {
            select.setString(1, patient);
            select.setArray(2, connection.createArrayOf("bpchar", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String id = rows.getString(1).trim();
                    Array participants = rows.getArray(6);
                    Set<String> boxes = participants == null ? Set.of() : Set.of((String[]) participants.getArray());
                    found.put(id, new Conversation(id, patient, rows.getString(2), rows.getTimestamp(3).toInstant(),
                        boxes, Optional.ofNullable(rows.getString(4)),
                        Optional.ofNullable(rows.getTimestamp(5)).map(Timestamp::toInstant)));
                }
            }
        }
        return found;
    }

    private static List<StoredRow> messages(Connection connection, String sql, String box, Object key)
            throws SQLException, IOException {
        List<StoredRow> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, box);
            select.setObject(2, key);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new StoredRow(result.getObject(1, UUID.class), result.getBoolean(2), result.getBoolean(3),
                        result.getTimestamp(4).toInstant(), StoredMail.parse(result.getBytes(5), result.getBytes(6))));
                }
            }
        }
        return rows;
    }

    /** The list's first statement, as the benchmark explains it. */
    static String pageStatement() {
        return PAGE;
    }

    private static Optional<UUID> standalone(String id) {
        if (id.startsWith(STANDALONE) && UUID_TEXT.matcher(id.substring(STANDALONE.length())).matches()) {
            return Optional.of(UUID.fromString(id.substring(STANDALONE.length())));
        }
        return Optional.empty();
    }

    /** The database out of reach: the cause stays, so that the webmail answers "try again later" (503). */
    private static MailboxUnavailableException unavailable(String what, SQLException e) {
        LOGGER.warn("Cannot {}: {}", what, e.getMessage());
        return new MailboxUnavailableException("Cannot " + what + ": " + e.getMessage(), e);
    }

    private static UncheckedIOException unreadable(String what, IOException e) {
        return new UncheckedIOException("Cannot " + what + ": a stored message cannot be parsed", e);
    }

    private record ThreadRow(String thread, Instant lastActivity, int messages, int unread, byte[] firstHeader) {
    }

    private record StoredRow(UUID id, boolean received, boolean seen, Instant arrived, StoredMail mail) {
    }

    /** The database could not be read (its {@link SQLException} is the cause): "try again later". */
    public static final class MailboxUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MailboxUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
