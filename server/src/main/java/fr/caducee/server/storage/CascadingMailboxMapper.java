package fr.caducee.server.storage;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.jpa.mail.model.JPAMailbox;
import org.apache.james.mailbox.model.Mailbox;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's JPA mailbox mapper, deleting a mailbox by its row alone: the foreign keys' {@code ON DELETE CASCADE} remove
 * its messages, then their properties and flags.
 *
 * <p>James first runs a JPQL delete of the messages, which OpenJPA writes as a scan of the whole message table (see
 * {@link KeyRangeMessageMapper}). Deleting the messages first in any form would also lock the property table
 * before the message table, the reverse of a delivery's order
 * (message row, then properties), and the two could deadlock. Through the mailbox row, the cascade locks the message
 * table, then the property table: a delivery's order, so a delivery meanwhile only waits.
 */
public class CascadingMailboxMapper extends JPAMailboxMapper {
    public CascadingMailboxMapper(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    public Mono<Void> delete(Mailbox mailbox) {
        return Mono.fromRunnable(() -> {
            long mailboxId = ((JPAId) mailbox.getMailboxId()).getRawId();
            JPAMailbox row = getEntityManager().find(JPAMailbox.class, mailboxId);
            if (row != null) {
                getEntityManager().remove(row);
            }
        })
            .subscribeOn(Schedulers.boundedElastic())
            .onErrorMap(PersistenceException.class, e -> new MailboxException("Delete of mailbox " + mailbox + " failed", e))
            .then();
    }
}
