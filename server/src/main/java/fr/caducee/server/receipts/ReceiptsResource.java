package fr.caducee.server.receipts;

import java.util.List;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.rules.Rule;
import fr.caducee.server.api.ApiAnswer;
import fr.caducee.server.api.ApiCall;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.ApiResource;

/**
 * {@code GET /receipts?messageId=<id>[&box=<address>]} on the HTTPS API, for practice software and mail clients: the
 * receipts of a message the caller's box sent, or a box it may send as (an ORG box its professional belongs to).
 * The box defaults to the one that authenticated; the query parameter never widens what the caller may see.
 */
public class ReceiptsResource implements ApiResource {
    static final String PATH = "/receipts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReceiptsQuery query;
    private final Directory directory;

    @Inject
    public ReceiptsResource(ReceiptsQuery query, Directory directory) {
        this.query = query;
        this.directory = directory;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public ApiAnswer answer(ApiCall call) throws ApiRefusal {
        call.onlyGetOfTheResource("Receipts are read with GET " + PATH + "?messageId=<id>&box=<address>");
        call.onlyParameters(List.of("box", "messageId"));
        String login = call.caller().login();
        String box = call.parameter("box").map(String::strip).filter(value -> !value.isEmpty()).orElse(login);
        if (!box.equalsIgnoreCase(login) && !maySendAs(login, box)) {
            throw ApiRefusal.of(Rule.RECEIPTS_NOT_YOUR_BOX, "You are logged in as " + login + ", which may not send as "
                + box + ": ask for the receipts of your own box or of a team box you belong to");
        }
        String messageId = call.parameter("messageId").orElse("");
        if (messageId.isBlank()) {
            throw ApiRefusal.of(Rule.RECEIPTS_QUERY_INCOMPLETE, "Give the message's Message-ID: " + PATH
                + "?messageId=<id@host>");
        }
        ReceiptsQuery.Answer answer = query.answer(box, messageId);
        if (answer.status() == 200) {
            return ApiAnswer.json(200, answer.json());
        }
        String sentence = sentenceOf(answer);
        throw answer.status() == 404 ? ApiRefusal.of(Rule.RECEIPTS_UNKNOWN_MESSAGE, sentence)
            : ApiRefusal.of(Rule.RECEIPTS_QUERY_INCOMPLETE, sentence);
    }

    private boolean maySendAs(String login, String box) {
        try {
            return directory.mayWriteAs(BoxAddress.parse(login), BoxAddress.parse(box));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String sentenceOf(ReceiptsQuery.Answer answer) {
        try {
            return JSON.readTree(answer.json()).path("message").asText("The receipts could not be given");
        } catch (java.io.IOException e) {
            return "The receipts could not be given";
        }
    }
}
