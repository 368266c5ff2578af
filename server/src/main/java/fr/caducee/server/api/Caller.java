package fr.caducee.server.api;

import java.util.Objects;

import fr.caducee.domain.directory.Account;

/**
 * Who made a request: a box of this operator (professional or patient), authenticated by its password (HTTP Basic)
 * or by a client certificate naming it.
 *
 * @param remote the client's IP address
 */
public record Caller(Account account, Proof proof, String remote) {
    public enum Proof { PASSWORD, CERTIFICATE }

    public Caller {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(proof, "proof");
    }

    public String login() {
        return account.address().address();
    }
}
