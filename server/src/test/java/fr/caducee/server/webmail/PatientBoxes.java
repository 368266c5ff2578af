package fr.caducee.server.webmail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.mail.Flags;
import javax.sql.DataSource;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.FakeAuthenticator;
import org.apache.james.mailbox.store.FakeAuthorizator;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;

import com.codahale.metrics.MetricRegistry;

import reactor.core.publisher.Mono;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.server.storage.JdbcConversationStore;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.server.storage.mailbox.MailboxDatabase;
import fr.caducee.server.storage.mailbox.MailboxRowSequences;
import fr.caducee.server.storage.mailbox.PostgresMailboxManager;
import fr.caducee.server.storage.mailbox.PostgresMapperFactory;
import fr.caducee.server.storage.mailbox.StoredCurrentQuotaManager;
import fr.caducee.server.storage.mailbox.StoredMessageId;
import fr.caducee.server.storage.search.PostgresMessageIndexing;

/**
 * Patients' boxes as the server stores them, for the webmail's read model: the mailbox store on a real PostgreSQL
 * (messages indexed for search, as the server writes them), the conversation store the rules write, and the
 * directory over the in-memory store with the cache the server puts in front of LDAP.
 */
final class PatientBoxes {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ENGLISH);

    final PostgresMailboxManager mailboxes;
    final JdbcConversationStore conversations;
    final InMemoryDirectoryStore directoryStore = new InMemoryDirectoryStore();
    final Directory directory = new CachedDirectory(directoryStore, domain -> true, new NoPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));

    PatientBoxes(DataSource database) {
        SchemaMigrations.apply(database);
        this.mailboxes = manager(database);
        this.conversations = JdbcConversationStore.open(database);
    }

    /** Stores a message in the box's mailbox (created when missing), as delivery or the webmail would. */
    void store(String box, String mailbox, String message, boolean seen, Instant arrival) throws Exception {
        Username owner = Username.of(box);
        MailboxSession session = mailboxes.createSystemSession(owner);
        MailboxPath path = MailboxPath.forUser(owner, mailbox);
        if (!Boolean.TRUE.equals(Mono.from(mailboxes.mailboxExists(path, session)).block())) {
            mailboxes.createMailbox(path, session);
        }
        mailboxes.getMailbox(path, session).appendMessage(MessageManager.AppendCommand.builder()
            .withFlags(seen ? new Flags(Flags.Flag.SEEN) : new Flags()).withInternalDate(Date.from(arrival))
            .build(message.getBytes(StandardCharsets.UTF_8)), session);
        mailboxes.endProcessingRequest(session);
    }

    /** A plain message, with the headers the read model reads. */
    static String message(String from, String to, String subject, String messageId, Instant date, String text,
                          String... replyTo) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
            + "\r\nDate: " + DATE.format(date.atOffset(ZoneOffset.UTC)) + "\r\n"
            + (replyTo.length > 0 ? "In-Reply-To: " + replyTo[replyTo.length - 1] + "\r\nReferences: "
                + String.join(" ", replyTo) + "\r\n" : "")
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + text + "\r\n";
    }

    /** A message with an HTML alternative and attachments, each {@code name -> type, bytes}. */
    static String withAttachments(String from, String to, String subject, String messageId, Instant date, String text,
                                  String html, List<Attachment> attachments) {
        StringBuilder message = new StringBuilder("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMessage-ID: " + messageId + "\r\nDate: " + DATE.format(date.atOffset(ZoneOffset.UTC))
            + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n"
            + "--mixed\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
            + "--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text
            + "\r\n--alt\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html
            + "\r\n--alt--\r\n");
        for (Attachment attachment : attachments) {
            message.append("--mixed\r\nContent-Type: ").append(attachment.type())
                .append("\r\nContent-Disposition: attachment; filename=\"").append(attachment.name())
                .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(attachment.content())).append("\r\n");
        }
        return message.append("--mixed--\r\n").toString();
    }

    record Attachment(String name, String type, byte[] content) {
    }

    /** A conversation opened by {@code by} with the patient, with these messages in it, closed when asked. */
    String conversation(String patient, String by, Set<String> participants, Instant at, List<String> messageIds,
                        Optional<Instant> closedAt) {
        String id = conversations.open(patient, by, participants, messageIds.get(0), at).id();
        for (String messageId : messageIds.subList(1, messageIds.size())) {
            conversations.addMessage(id, messageId, Set.of(), at);
        }
        closedAt.ifPresent(closed -> conversations.close(id, by, closed));
        return id;
    }

    private static PostgresMailboxManager manager(DataSource database) {
        MailboxDatabase store = new MailboxDatabase(database);
        Clock clock = Clock.systemUTC();
        PostgresMapperFactory mappers = new PostgresMapperFactory(store, new PostgresMessageIndexing(),
            new MailboxRowSequences(store), clock);
        EventBus eventBus = new InVMEventBus(new InVmEventDelivery(new DropWizardMetricFactory(new MetricRegistry())),
            RetryBackoffConfiguration.DEFAULT, new MemoryEventDeadLetters());
        StoreRightManager rights = new StoreRightManager(mappers, new UnionMailboxACLResolver(), eventBus);
        StoreMailboxAnnotationManager annotations = new StoreMailboxAnnotationManager(mappers, rights, 3, 30);
        SessionProviderImpl sessions = new SessionProviderImpl(new FakeAuthenticator(), FakeAuthorizator.defaultReject());
        InMemoryPerUserMaxQuotaManager maxQuotas = new InMemoryPerUserMaxQuotaManager();
        DefaultUserQuotaRootResolver roots = new DefaultUserQuotaRootResolver(sessions, mappers);
        StoreQuotaManager quotas = new StoreQuotaManager(new StoredCurrentQuotaManager(store), maxQuotas);
        SimpleMessageSearchIndex index = new SimpleMessageSearchIndex(mappers, mappers, new DefaultTextExtractor(),
            new JPAAttachmentContentLoader());
        return new PostgresMailboxManager(mappers, sessions, new MessageParser(), new StoredMessageId.Factory(),
            eventBus, annotations, rights, new QuotaComponents(maxQuotas, quotas, roots), index,
            new PreDeletionHooks(Set.of(), new DropWizardMetricFactory(new MetricRegistry())),
            new NaiveThreadIdGuessingAlgorithm(), clock);
    }

    /** The read model checks no password. */
    private static final class NoPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    }
}
