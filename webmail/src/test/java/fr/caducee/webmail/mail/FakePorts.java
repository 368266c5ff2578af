package fr.caducee.webmail.mail;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.caducee.audit.AuditRecord;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.port.Conversation;
import fr.caducee.webmail.port.ConversationSummary;
import fr.caducee.webmail.port.Correspondent;
import fr.caducee.webmail.port.Download;
import fr.caducee.webmail.port.MailMessage;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.PatientAccounts;
import fr.caducee.webmail.port.PatientMailbox;
import fr.caducee.webmail.port.PatientPreferences;
import fr.caducee.webmail.port.PatientRecord;
import fr.caducee.webmail.port.RecordEntry;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.web.Services;
import fr.caducee.webmail.web.WebRequest;

/** The ports as the pages' tests see them: in memory, recording what the pages asked of them. */
public final class FakePorts {
    public static final Instant NOW = Instant.parse("2026-03-12T13:05:00Z");
    public static final Patient PAUL = patient("146026322000196", "Durand", "Paul");
    public static final Patient LEA = patient("215057512345658", "Durand", "Léa");
    public static final Correspondent DR_MARTIN = new Correspondent("marie.martin@chu-lyon.caducee.test",
        "Dr Marie Martin", Optional.of("Médecin - Cardiologie"), Optional.of("CHU de Lyon"));
    public static final Correspondent PHARMACY = new Correspondent("pharmacie.centre@caducee.test",
        "Pharmacie du Centre", Optional.of("Pharmacien"), Optional.of("Pharmacie du Centre"));
    public static final Correspondent YOU = new Correspondent(PAUL.boxAddress().address(), "Paul Durand",
        Optional.empty(), Optional.empty());

    public final List<AuditRecord> audit = new ArrayList<>();
    public final Mailbox mailbox = new Mailbox();
    public final Sent outbox = new Sent();
    public final Record record = new Record();
    public final Preferences preferences = new Preferences();
    public final WebmailSettings settings = new WebmailSettings("https://webmail.caducee.test", "Caducée",
        WebmailSettings.DEFAULT_SESSION_IDLE, WebmailSettings.DEFAULT_SESSION_MAX, 1024 * 1024, 5,
        java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(1));

    public Services services() {
        return new Services(settings, new NoAccounts(), mailbox, outbox, record, preferences, audit::add,
            Clock.fixed(NOW, ZoneOffset.UTC));
    }

    public static Patient patient(String ins, String lastName, String firstName) {
        return new Patient(Ins.parse(ins), lastName, firstName, Optional.empty(),
            PatientAddress.of(BoxAddress.parse(ins + "@patient.caducee.test")).orElseThrow(), BoxStatus.ACTIVE, NOW,
            List.of());
    }

    public static WebRequest get(String path) {
        return get(path, Map.of());
    }

    public static WebRequest get(String path, Map<String, String> query) {
        return new WebRequest("GET", path, query, Map.of(), List.of(), Viewer.self(PAUL), "session-1", "192.0.2.7");
    }

    public static WebRequest post(String path, Map<String, List<String>> form) {
        return post(path, form, List.of());
    }

    public static WebRequest post(String path, Map<String, List<String>> form, List<Upload> uploads) {
        return new WebRequest("POST", path, Map.of(), form, uploads, Viewer.self(PAUL), "session-1", "192.0.2.7");
    }

    public static WebRequest as(Viewer viewer, WebRequest request) {
        return new WebRequest(request.method(), request.path(), request.query(), request.form(), request.uploads(),
            viewer, request.sessionId(), request.remote());
    }

    /** A conversation of one received message, open. */
    public static Conversation conversation(String id, String subject, MailMessage... messages) {
        return conversation(id, subject, true, Optional.empty(), messages);
    }

    public static Conversation conversation(String id, String subject, boolean replyable,
                                            Optional<ConversationSummary.Closing> closing, MailMessage... messages) {
        int unread = (int) List.of(messages).stream().filter(message -> !message.seen()).count();
        ConversationSummary summary = new ConversationSummary(id, subject, List.of(DR_MARTIN),
            messages.length == 0 ? NOW : messages[messages.length - 1].date(), messages.length, unread, replyable,
            closing);
        return new Conversation(summary, List.of(messages), List.of(DR_MARTIN));
    }

    public static MailMessage received(String ref, String text, boolean seen, MailMessage.AttachmentInfo... attachments) {
        return new MailMessage(ref, DR_MARTIN, List.of(YOU), false, "Résultats", NOW.minusSeconds(3600), seen,
            Optional.of(text), Optional.empty(), List.of(attachments), "<" + ref + "@chu-lyon.caducee.test>",
            List.of("<first@chu-lyon.caducee.test>"));
    }

    public static MailMessage html(String ref, String html) {
        return new MailMessage(ref, DR_MARTIN, List.of(YOU), false, "Résultats", NOW.minusSeconds(3600), true,
            Optional.empty(), Optional.of(html), List.of(), "<" + ref + "@chu-lyon.caducee.test>", List.of());
    }

    public static MailMessage mine(String ref, String text) {
        return new MailMessage(ref, YOU, List.of(DR_MARTIN), true, "Re: Résultats", NOW.minusSeconds(60), true,
            Optional.of(text), Optional.empty(), List.of(), "<" + ref + "@caducee.test>", List.of());
    }

    /** The box of the viewer's patient: conversations in list order, attachments by "ref/index". */
    public static final class Mailbox implements PatientMailbox {
        public final Map<String, Conversation> conversations = new LinkedHashMap<>();
        public final Map<String, Download> attachments = new HashMap<>();
        public final List<Correspondent> pharmacies = new ArrayList<>();
        public final List<String> seen = new ArrayList<>();
        public final List<Viewer> viewers = new ArrayList<>();
        public int offset = -1;
        public int limit = -1;
        public int count = -1;

        public void add(Conversation conversation) {
            conversations.put(conversation.summary().id(), conversation);
        }

        @Override
        public List<ConversationSummary> conversations(Viewer viewer, int offset, int limit) {
            viewers.add(viewer);
            this.offset = offset;
            this.limit = limit;
            return conversations.values().stream().skip(offset).limit(limit).map(Conversation::summary).toList();
        }

        @Override
        public int conversationCount(Viewer viewer) {
            return count >= 0 ? count : conversations.size();
        }

        @Override
        public Optional<Conversation> conversation(Viewer viewer, String conversationId) {
            viewers.add(viewer);
            return Optional.ofNullable(conversations.get(conversationId));
        }

        @Override
        public void markSeen(Viewer viewer, String conversationId) {
            seen.add(conversationId);
        }

        @Override
        public Optional<Download> attachment(Viewer viewer, String messageRef, int index) {
            return Optional.ofNullable(attachments.get(messageRef + "/" + index));
        }

        @Override
        public List<Correspondent> pharmacies(Viewer viewer) {
            return pharmacies;
        }
    }

    /** Records what was sent, and answers {@code outcome}. */
    public static final class Sent implements Outbox {
        public final List<Outgoing> sent = new ArrayList<>();
        public SendOutcome outcome = new SendOutcome.Sent("<sent@caducee.test>");

        @Override
        public SendOutcome send(Viewer viewer, Outgoing message) {
            sent.add(message);
            return outcome;
        }
    }

    public static final class Record implements PatientRecord {
        public final List<RecordEntry> documents = new ArrayList<>();
        public final Map<String, Download> downloads = new HashMap<>();
        public final List<RecordEntry.Access> accesses = new ArrayList<>();
        public final Map<IdNat, Correspondent> directory = new HashMap<>();
        public final Map<IdNat, Correspondent> blocked = new LinkedHashMap<>();
        public boolean emergencyAllowed = true;
        public int accessLimit = -1;

        @Override
        public List<RecordEntry> documents(Viewer viewer) {
            return documents;
        }

        @Override
        public Optional<Download> download(Viewer viewer, String documentId) {
            return Optional.ofNullable(downloads.get(documentId));
        }

        @Override
        public List<RecordEntry.Access> accesses(Viewer viewer, int limit) {
            accessLimit = limit;
            return accesses.stream().limit(limit).toList();
        }

        @Override
        public Choices choices(Viewer viewer) {
            return new Choices(emergencyAllowed, blocked.entrySet().stream()
                .map(entry -> new Blocked(entry.getKey(), entry.getValue())).toList());
        }

        @Override
        public void allowEmergencyAccess(Viewer viewer, boolean allowed) {
            emergencyAllowed = allowed;
        }

        @Override
        public boolean block(Viewer viewer, IdNat professional) {
            Correspondent known = directory.get(professional);
            if (known == null) {
                return false;
            }
            blocked.put(professional, known);
            return true;
        }

        @Override
        public void unblock(Viewer viewer, IdNat professional) {
            blocked.remove(professional);
        }
    }

    public static final class Preferences implements PatientPreferences {
        public final Map<String, String> addresses = new HashMap<>();

        @Override
        public Optional<String> notifyAddress(String patient) {
            return Optional.ofNullable(addresses.get(patient));
        }

        @Override
        public void setNotifyAddress(String patient, Optional<String> address) {
            address.ifPresentOrElse(value -> addresses.put(patient, value), () -> addresses.remove(patient));
        }
    }

    /** The pages never log anyone in. */
    private static final class NoAccounts implements PatientAccounts {
        @Override
        public Optional<Patient> authenticate(BoxAddress login, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Patient> patient(BoxAddress box) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean changePassword(Patient patient, String current, String next) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Patient> represented(Patient representative) {
            throw new UnsupportedOperationException();
        }
    }
}
