package fr.caducee.server.gateway.receipts;

import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Service;

/**
 * The business receipts still owed to hospitals, for the operator, on WebAdmin behind its token like every route:
 * {@code GET /gateway/returns} gives, per hospital, its return address (null when none is declared), how many are
 * owed, the oldest, the next attempt and the last error; {@code ?hospital=<APP box>} adds those receipts (at most
 * 1,000, oldest first).
 */
public class GatewayReturnsRoutes implements Routes {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayReturnsRoutes.class);
    static final String PATH = "/gateway/returns";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcReturnQueue queue;
    private final ReturnAddresses addresses;

    @Inject
    public GatewayReturnsRoutes(JdbcReturnQueue queue, ReturnAddresses addresses) {
        this.queue = queue;
        this.addresses = addresses;
    }

    @Override
    public String getBasePath() {
        return PATH;
    }

    @Override
    public void define(Service service) {
        service.get(PATH, (request, response) -> {
            response.type("application/json");
            try {
                String json = answer(Optional.ofNullable(request.queryParams("hospital")).filter(h -> !h.isBlank()));
                response.status(200);
                return json;
            } catch (SQLException e) {
                LOGGER.warn("GET {}: the database cannot be reached: {}", PATH, e.toString());
                response.status(503);
                return JSON.writeValueAsString(Map.of("statusCode", 503, "type", "ServerError",
                    "message", "the database cannot be reached: try again"));
            }
        });
    }

    String answer(Optional<String> hospital) throws SQLException, JsonProcessingException {
        List<Map<String, Object>> hospitals = new ArrayList<>();
        for (JdbcReturnQueue.Pending pending : queue.pending()) {
            if (hospital.isPresent() && !hospital.get().equalsIgnoreCase(pending.peerBox())) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("hospital", pending.peerBox());
            entry.put("returnAddress", addresses.of(pending.peerBox()).map(GatewayReturnsRoutes::shown).orElse(null));
            entry.put("pending", pending.count());
            entry.put("oldest", pending.oldest().toString());
            entry.put("nextAttempt", pending.nextAttempt().toString());
            entry.put("lastError", pending.lastError().orElse(null));
            if (hospital.isPresent()) {
                List<Map<String, Object>> receipts = new ArrayList<>();
                for (JdbcReturnQueue.Waiting waiting : queue.waiting(pending.peerBox(), 1_000)) {
                    Map<String, Object> receipt = new LinkedHashMap<>();
                    receipt.put("id", waiting.id());
                    receipt.put("kind", waiting.kind());
                    receipt.put("controlId", waiting.controlId());
                    receipt.put("source", waiting.source());
                    receipt.put("createdAt", waiting.createdAt().toString());
                    receipt.put("attempts", waiting.attempts());
                    receipt.put("nextAttempt", waiting.nextAttempt().toString());
                    receipt.put("lastError", waiting.lastError().orElse(null));
                    receipts.add(receipt);
                }
                entry.put("receipts", receipts);
            }
            hospitals.add(entry);
        }
        return JSON.writeValueAsString(Map.of("hospitals", hospitals));
    }

    private static String shown(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
