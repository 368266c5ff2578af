package fr.caducee.rules.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeUtility;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.caducee.rules.Rule;
import fr.caducee.rules.documents.XdmAttachments;
import fr.caducee.rules.smtp.ChainSettings;
import fr.caducee.rules.smtp.ChainSettings.MimeLimits;

/**
 * Refuses, at the end of DATA, a message whose MIME structure no mail client needs and every later reader (our
 * header and archive checks, IMAP BODYSTRUCTURE, the webmail) would pay for: parts nested deeper than
 * {@code maxDepth} (default 32), more than {@code maxParts} parts (default 1,000), more than {@code maxHeaders}
 * header fields in one part (default 1,000), or a header field longer than {@code maxHeaderLength} bytes once
 * unfolded (default 65,536; its own rule, {@link Rule#HEADER_TOO_LONG}, and sentence): {@link MimeLimits}, {@code caducee.smtp.mime.*} in caducee.properties. The check streams through the message once (mime4j, no tree kept in memory, no
 * recursion), and runs first among the message hooks, before anything parses the message. Malformed but readable
 * MIME (bad base64, 8-bit headers, unknown charsets) is not this hook's business: it is delivered as it is.
 *
 * <p>The same pass notes whether a part is named {@code IHE_XDM.ZIP} ({@link XdmAttachments#NAMED_IN_MESSAGE}): the
 * document checks then parse the message only when it carries an archive.
 */
public class MessageStructureHook implements JamesMessageHook {
    private final int maxDepth;
    private final int maxParts;
    private final int maxHeaders;
    private final int maxHeaderLength;
    private final MimeConfig limits;

    /** With the default limits. */
    public MessageStructureHook() {
        this(ChainSettings.DEFAULTS);
    }

    @Inject
    public MessageStructureHook(ChainSettings settings) {
        MimeLimits mime = settings.mime();
        maxDepth = mime.maxDepth();
        maxParts = mime.maxParts();
        maxHeaders = mime.maxHeaders();
        maxHeaderLength = mime.maxHeaderLength();
        limits = limits();
    }

    private MimeConfig limits() {
        return MimeConfig.custom()
            .setMaxHeaderCount(maxHeaders)
            .setMaxHeaderLen(maxHeaderLength)
            .setMaxLineLen(-1)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        MimeStreamParser parser = new MimeStreamParser(limits);
        parser.setRecurse();
        parser.setContentDecoding(false);
        StructureCounter counter = new StructureCounter();
        parser.setContentHandler(counter);
        try (InputStream message = content(mail)) {
            parser.parse(message);
            // A multipart whose boundary never opened a part cannot be read part by part: the document checks parse it
            // themselves and refuse it with their reason, as they would without this pass.
            session.setAttachment(XdmAttachments.NAMED_IN_MESSAGE, counter.archiveNamed || counter.unopenedMultipart,
                ProtocolSession.State.Transaction);
            return HookResult.DECLINED;
        } catch (TooComplexException e) {
            return refuse(session, e.getMessage());
        } catch (MaxHeaderLimitException e) {
            return refuse(session, "a part has more than " + maxHeaders + " header fields");
        } catch (MaxHeaderLengthLimitException e) {
            // Not a matter of MIME structure: one field too long, which its sender can shorten.
            return Rule.HEADER_TOO_LONG.refusal("A header field of the message is longer than " + maxHeaderLength
                + " bytes once its folded lines are joined: a header holds a short value (a subject, addresses); "
                + "put long content in the body or an attachment and send the message again").refuse(session, "DATA");
        } catch (MimeException | IOException | MessagingException e) {
            return Rule.MESSAGE_NOT_READ_BACK.refusal(
                "The message could not be read back after it was received: send it again").refuse(session, "DATA");
        }
    }

    private static InputStream content(Mail mail) throws MessagingException {
        if (mail.getMessage() instanceof MimeMessageWrapper wrapper) {
            return wrapper.getMessageInputStream();
        }
        return new MimeMessageWrapper(mail.getMessage()).getMessageInputStream();
    }

    private static HookResult refuse(SMTPSession session, String problem) {
        return Rule.MESSAGE_STRUCTURE.refusal(
            "The message's MIME structure is too complex to be accepted: " + problem
                + "; attach the documents in a simpler message (for example as one zip archive)")
            .refuse(session, "DATA");
    }

    /**
     * Counts depth (the message itself is level 1, each multipart and attached message one more) and parts as the
     * parser streams by, and stops it at the first limit crossed.
     */
    private final class StructureCounter extends AbstractContentHandler {
        private int depth;
        private int parts;
        private String contentType;
        private String contentDisposition;
        private boolean archiveNamed;
        private boolean unopenedMultipart;
        private final Deque<Integer> partsAtMultipartStart = new ArrayDeque<>();

        @Override
        public void startHeader() {
            contentType = null;
            contentDisposition = null;
        }

        @Override
        public void field(Field field) {
            if ("Content-Type".equalsIgnoreCase(field.getName())) {
                contentType = MimeUtility.unfold(field.getBody());
            } else if ("Content-Disposition".equalsIgnoreCase(field.getName())) {
                contentDisposition = MimeUtility.unfold(field.getBody());
            }
        }

        /** Each part's fields, seen as the parser goes by: whether one names an XDM archive (see XdmAttachments). */
        @Override
        public void endHeader() {
            archiveNamed |= XdmAttachments.namesArchive(contentType, contentDisposition);
        }

        @Override
        public void startMessage() throws MimeException {
            deeper();
        }

        @Override
        public void endMessage() {
            depth--;
        }

        @Override
        public void startMultipart(BodyDescriptor descriptor) throws MimeException {
            deeper();
            partsAtMultipartStart.push(parts);
        }

        @Override
        public void endMultipart() {
            depth--;
            if (partsAtMultipartStart.isEmpty() || partsAtMultipartStart.pop() == parts) {
                unopenedMultipart = true;
            }
        }

        /** A multipart, or a message attached to a message: one level deeper. */
        private void deeper() throws TooComplexException {
            if (++depth > maxDepth) {
                throw new TooComplexException("parts are nested more than " + maxDepth + " levels deep");
            }
        }

        @Override
        public void startBodyPart() throws MimeException {
            if (++parts > maxParts) {
                throw new TooComplexException("it has more than " + maxParts + " parts");
            }
        }
    }

    private static final class TooComplexException extends MimeException {
        TooComplexException(String message) {
            super(message);
        }
    }
}
