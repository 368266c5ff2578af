package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.Username;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.mailet.StorageDirective;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class FirstDeliveryMailboxesTest {
    private static final Username BOX = Username.of("dr.durand@caducee.localhost");

    /** The mailbox names of the box, as the store holds them, and those made, in order. */
    private final Set<String> existing = new HashSet<>();
    private final List<String> made = new ArrayList<>();
    private final Set<String> madeMeanwhile = new HashSet<>();
    private final MailboxManager mailboxes = mock(MailboxManager.class);

    @BeforeEach
    void aStore() throws Exception {
        MailboxSession session = mock(MailboxSession.class);
        when(session.getPathDelimiter()).thenReturn('.');
        when(session.getUser()).thenReturn(BOX);
        when(mailboxes.createSystemSession(BOX)).thenReturn(session);
        MessageManager.AppendResult appended = mock(MessageManager.AppendResult.class);
        when(appended.getId()).thenReturn(mock(ComposedMessageId.class));
        MessageManager mailbox = mock(MessageManager.class);
        when(mailbox.appendMessageReactive(any(), any())).thenReturn(Mono.just(appended));
        when(mailboxes.mailboxExists(any(), any())).thenAnswer(call ->
            Mono.just(existing.contains(call.<MailboxPath>getArgument(0).getName())));
        when(mailboxes.getMailboxReactive(any(MailboxPath.class), any())).thenAnswer(call -> {
            MailboxPath path = call.getArgument(0);
            return existing.contains(path.getName()) ? Mono.just(mailbox) : Mono.error(new MailboxNotFoundException(path));
        });
        when(mailboxes.createMailboxReactive(any(), any(), any())).thenAnswer(call -> {
            MailboxPath path = call.getArgument(0);
            if (madeMeanwhile.contains(path.getName())) {
                existing.add(path.getName());
                return Mono.error(new MailboxExistsException(path.asString()));
            }
            existing.add(path.getName());
            made.add(path.getName());
            return Mono.just(mock(MailboxId.class));
        });
    }

    private void deliver(String folder) throws Exception {
        MimeMessage message = MimeMessageBuilder.mimeMessageBuilder().setSubject("Compte rendu").setText("Bonjour")
            .build();
        new FirstDeliveryMailboxes(mailboxes)
            .append(message, BOX, StorageDirective.builder().targetFolder(folder).build())
            .block();
    }

    @Test
    void aBoxsFirstMessageBringsTheDefaultMailboxesBeforeItsInbox() throws Exception {
        deliver("INBOX");

        assertThat(made).containsExactly("Outbox", "Sent", "Trash", "Drafts", "Archive", "Spam", "INBOX");
    }

    @Test
    void onceTheInboxExistsNothingIsMadeEvenIfTheOwnerDeletedTrash() throws Exception {
        existing.add("INBOX");
        existing.add("Sent");

        deliver("INBOX");

        assertThat(made).isEmpty();
    }

    @Test
    void aDefaultMailboxAlreadyThereOrMadeMeanwhileIsLeftAsItIs() throws Exception {
        existing.add("Sent");
        madeMeanwhile.add("Trash");

        deliver("INBOX");

        assertThat(made).containsExactly("Outbox", "Drafts", "Archive", "Spam", "INBOX");
        assertThat(existing).contains("Sent", "Trash");
    }

    @Test
    void aDeliveryToAnotherFolderMakesOnlyThatFolder() throws Exception {
        deliver("Comptes rendus");

        assertThat(made).containsExactly("Comptes rendus");
    }
}
