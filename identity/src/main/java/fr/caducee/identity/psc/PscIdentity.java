package fr.caducee.identity.psc;

import java.time.Instant;
import java.util.Objects;

import fr.caducee.domain.identifier.IdNat;

/**
 * Who a valid Pro Santé Connect token speaks for.
 *
 * @param idNat   the professional's national id, from the configured claim
 * @param subject the token's {@code sub}, possibly empty
 * @param client  the software the token was issued to ({@code azp}, else the allowed {@code aud})
 * @param expires the token's {@code exp}
 */
public record PscIdentity(IdNat idNat, String subject, String client, Instant expires) {
    public PscIdentity {
        Objects.requireNonNull(idNat, "idNat");
        subject = Objects.requireNonNullElse(subject, "");
        client = Objects.requireNonNullElse(client, "");
        Objects.requireNonNull(expires, "expires");
    }
}
