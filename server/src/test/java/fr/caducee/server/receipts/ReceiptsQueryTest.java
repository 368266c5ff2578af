package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ReceiptsQueryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    final InMemoryReceiptStore store = new InMemoryReceiptStore();
    final ReceiptsQuery query = new ReceiptsQuery(store);

    @Test
    void givesEachRecipientItsDeliveryAndDisposition() throws Exception {
        store.recordSent("mail-1", "Dr.Martin@chu.test", Optional.of("<m1@chu.test>"), Optional.of("env-1"),
            List.of(new SentMessage.Recipient("dmp@chu.test", Optional.of("dmp@chu.test")),
                new SentMessage.Recipient("b@other.test", Optional.empty())), T0);
        store.addReceipt(1, new Receipt("dmp@chu.test", Receipt.Kind.DSN, "delivered", Optional.of("2.0.0"),
            Optional.empty(), "<d1@chu.test>", T0.plusSeconds(1)));
        store.addReceipt(1, new Receipt("dmp@chu.test", Receipt.Kind.MDN, "error", Optional.of("902"),
            Optional.of("Identifiant de patient inconnu"), "<m2@chu.test>", T0.plusSeconds(2)));

        ReceiptsQuery.Answer answer = query.answer("dr.martin@chu.test", "  <m1@chu.test> ");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.json());
        assertThat(body.path("box").asText()).isEqualTo("dr.martin@chu.test");
        assertThat(body.path("envelopeId").asText()).isEqualTo("env-1");
        JsonNode dmp = body.path("recipients").get(0);
        assertThat(dmp.path("address").asText()).isEqualTo("dmp@chu.test");
        assertThat(dmp.path("delivery").path("status").asText()).isEqualTo("delivered");
        assertThat(dmp.path("delivery").path("code").asText()).isEqualTo("2.0.0");
        assertThat(dmp.path("delivery").path("at").asText()).isEqualTo("2026-12-07T08:00:01Z");
        assertThat(dmp.path("disposition").path("status").asText()).isEqualTo("error");
        assertThat(dmp.path("disposition").path("code").asText()).isEqualTo("902");
        assertThat(dmp.path("disposition").path("label").asText()).isEqualTo("Identifiant de patient inconnu");
        JsonNode other = body.path("recipients").get(1);
        assertThat(other.path("delivery").isNull()).isTrue();
        assertThat(other.path("disposition").isNull()).isTrue();
        assertThat(body.path("keywords")).extracting(JsonNode::asText).containsExactly("$ProcessingFailed", "$DepositFailed");
    }

    @Test
    void aMessageIdWithoutAngleBracketsFindsTheMessageToo() {
        store.recordSent("mail-1", "dr.martin@chu.test", Optional.of("<m1@chu.test>"), Optional.empty(),
            List.of(new SentMessage.Recipient("a@chu.test", Optional.empty())), T0);

        assertThat(query.answer("dr.martin@chu.test", "m1@chu.test").status()).isEqualTo(200);
    }

    @Test
    void aMessageThisBoxDidNotSendIsNotFound() throws Exception {
        store.recordSent("mail-1", "dr.martin@chu.test", Optional.of("<m1@chu.test>"), Optional.empty(),
            List.of(new SentMessage.Recipient("a@chu.test", Optional.empty())), T0);

        ReceiptsQuery.Answer answer = query.answer("other@chu.test", "<m1@chu.test>");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(JSON.readTree(answer.json()).path("message").asText())
            .isEqualTo("No message <m1@chu.test> sent by other@chu.test is known here: check the Message-ID and the "
                + "sending box (only messages submitted here are followed)");
    }

    @Test
    void aMissingParameterIsABadRequestSayingWhatToGive() throws Exception {
        for (ReceiptsQuery.Answer answer : List.of(query.answer(null, "<m1@chu.test>"),
                query.answer("dr.martin@chu.test", " "))) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(JSON.readTree(answer.json()).path("message").asText()).contains("box=").contains("messageId=");
        }
    }
}
