package fr.caducee.server.storage.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.Headers;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageAttachmentMetadata;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MimeDescriptor;
import org.apache.james.mailbox.model.MimePath;
import org.apache.james.mailbox.model.ThreadId;

import fr.caducee.server.storage.mailbox.EncapsulatedMessageParts.Section;

/**
 * A message as James's store reads it, except the parts under part 1 of a message whose own type is
 * {@code message/rfc822}, read by {@link EncapsulatedMessageParts}. Whether the message is such is read from its
 * header the first time a part under 1 is asked for; any other message is answered by James's result unchanged.
 */
final class EncapsulatingMessageResult implements MessageResult {
    private final MessageResult stored;
    private Boolean encapsulating;
    private byte[] content;

    EncapsulatingMessageResult(MessageResult stored) {
        this.stored = stored;
    }

    @Override
    public Content getMimeBody(MimePath path) throws MailboxException {
        return underPartOne(path) ? EncapsulatedMessageParts.content(content(), path.getPositions(), Section.CONTENT)
            : stored.getMimeBody(path);
    }

    @Override
    public Content getBody(MimePath path) throws MailboxException {
        return underPartOne(path) ? EncapsulatedMessageParts.content(content(), path.getPositions(), Section.TEXT)
            : stored.getBody(path);
    }

    @Override
    public Iterator<Header> iterateHeaders(MimePath path) throws MailboxException {
        return underPartOne(path)
            ? EncapsulatedMessageParts.headers(content(), path.getPositions(), Section.HEADER).iterator()
            : stored.iterateHeaders(path);
    }

    @Override
    public Iterator<Header> iterateMimeHeaders(MimePath path) throws MailboxException {
        return underPartOne(path)
            ? EncapsulatedMessageParts.headers(content(), path.getPositions(), Section.MIME).iterator()
            : stored.iterateMimeHeaders(path);
    }

    private boolean underPartOne(MimePath path) throws MailboxException {
        if (path == null || path.getPositions().length == 0 || path.getPositions()[0] != 1) {
            return false;
        }
        if (encapsulating == null) {
            try (InputStream message = fullContent().getInputStream()) {
                encapsulating = EncapsulatedMessageParts.isEncapsulating(message);
            } catch (IOException e) {
                throw new MailboxException("Unable to read the message's header", e);
            }
        }
        return encapsulating;
    }

    private byte[] content() throws MailboxException {
        if (content == null) {
            try (InputStream message = fullContent().getInputStream()) {
                content = message.readAllBytes();
            } catch (IOException e) {
                throw new MailboxException("Unable to read the message", e);
            }
        }
        return content;
    }

    private Content fullContent() throws MailboxException {
        try {
            return stored.getFullContent();
        } catch (IOException e) {
            throw new MailboxException("Unable to read the message", e);
        }
    }

    @Override
    public Content getFullContent(MimePath path) throws MailboxException {
        return stored.getFullContent(path);
    }

    @Override
    public Content getFullContent() throws MailboxException, IOException {
        return stored.getFullContent();
    }

    @Override
    public Content getBody() throws MailboxException, IOException {
        return stored.getBody();
    }

    @Override
    public Headers getHeaders() throws MailboxException {
        return stored.getHeaders();
    }

    @Override
    public MimeDescriptor getMimeDescriptor() throws MailboxException {
        return stored.getMimeDescriptor();
    }

    @Override
    public List<MessageAttachmentMetadata> getLoadedAttachments() throws MailboxException {
        return stored.getLoadedAttachments();
    }

    @Override
    public MessageId getMessageId() {
        return stored.getMessageId();
    }

    @Override
    public ThreadId getThreadId() {
        return stored.getThreadId();
    }

    @Override
    public Optional<Date> getSaveDate() {
        return stored.getSaveDate();
    }

    @Override
    public Date getInternalDate() {
        return stored.getInternalDate();
    }

    @Override
    public Flags getFlags() {
        return stored.getFlags();
    }

    @Override
    public long getSize() {
        return stored.getSize();
    }

    @Override
    public MessageMetaData messageMetaData() {
        return stored.messageMetaData();
    }

    @Override
    public MessageUid getUid() {
        return stored.getUid();
    }

    @Override
    public ModSeq getModSeq() {
        return stored.getModSeq();
    }

    @Override
    public MailboxId getMailboxId() {
        return stored.getMailboxId();
    }

    @Override
    public int compareTo(MessageResult that) {
        return stored.compareTo(that);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncapsulatingMessageResult
            && stored.equals(((EncapsulatingMessageResult) other).stored);
    }

    @Override
    public int hashCode() {
        return stored.hashCode();
    }
}
