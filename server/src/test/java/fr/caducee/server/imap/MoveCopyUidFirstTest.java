package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;


import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.Tag;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.IdRange;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.CopyRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.mailbox.NullableMessageSequenceNumber;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** RFC 6851 4.3: the COPYUID of a MOVE comes in an untagged OK, before the EXPUNGEs. */
class MoveCopyUidFirstTest {
    private final UnpooledStatusResponseFactory responses = new UnpooledStatusResponseFactory();
    private final Tag tag = new Tag("a9");
    private final StatusResponse.ResponseCode copyUid = StatusResponse.ResponseCode.copyUid(UidValidity.of(42),
        new IdRange[] {new IdRange(3, 4)}, new IdRange[] {new IdRange(17, 18)});
    private final WrittenAnswers written = new WrittenAnswers();

    /** Answers as James's MOVE does: the expunges, then the tagged OK carrying COPYUID. */
    private final ImapProcessor james = new ImapProcessor() {
        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            return Mono.fromRunnable(() -> {
                responder.respond(new ExpungeResponse(NullableMessageSequenceNumber.of(3)));
                responder.respond(new ExpungeResponse(NullableMessageSequenceNumber.of(3)));
                responder.respond(responses.taggedOk(tag, ImapConstants.MOVE_COMMAND,
                    HumanReadableText.COMPLETED, copyUid));
            });
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    };


    @Test
    void theCopyUidOfAMoveComesUntaggedBeforeTheExpunges() {
        new MoveCopyUidFirst(james, responses).processReactive(
            new MoveRequest(new IdRange[] {new IdRange(3, 4)}, "Archives", false, tag), written, mock(ImapSession.class))
            .block();

        assertThat(written).hasSize(4);
        StatusResponse first = (StatusResponse) written.get(0);
        assertThat(first.getTag()).isNull();
        assertThat(first.getServerResponseType()).isEqualTo(StatusResponse.Type.OK);
        assertThat(first.getResponseCode()).isEqualTo(copyUid);
        assertThat(written.get(1)).isInstanceOf(ExpungeResponse.class);
        assertThat(written.get(2)).isInstanceOf(ExpungeResponse.class);
        StatusResponse last = (StatusResponse) written.get(3);
        assertThat(last.getTag()).isEqualTo(tag);
        assertThat(last.getServerResponseType()).isEqualTo(StatusResponse.Type.OK);
        assertThat(last.getResponseCode()).isNull();
    }

    @Test
    void otherCommandsAreAnsweredAsJamesAnswers() {
        new MoveCopyUidFirst(james, responses).processReactive(
            new CopyRequest(new IdRange[] {new IdRange(3, 4)}, "Archives", false, tag), written, mock(ImapSession.class))
            .block();

        assertThat(written).hasSize(3);
        assertThat(((StatusResponse) written.get(2)).getResponseCode()).isEqualTo(copyUid);
    }
}
