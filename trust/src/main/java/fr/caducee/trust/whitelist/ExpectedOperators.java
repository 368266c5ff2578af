package fr.caducee.trust.whitelist;

import java.util.Collection;
import java.util.List;

import fr.caducee.domain.model.OperatorDn;

/**
 * The operator DNs the national whitelist lists for a domain, written for a refusal: sorted, at most a few (one
 * operator sends for thousands of domains, but a domain has few operators; a long list would drown the reply).
 */
public final class ExpectedOperators {
    static final int SHOWN = 3;

    private ExpectedOperators() {
    }

    /** {@code CN=a,O=b; CN=c,O=d and 2 more}, or {@code none} for an empty set. */
    public static String describe(Collection<OperatorDn> operators) {
        if (operators.isEmpty()) {
            return "none";
        }
        List<String> written = operators.stream().map(OperatorDn::asWritten).sorted().toList();
        String shown = String.join("; ", written.subList(0, Math.min(SHOWN, written.size())));
        return written.size() > SHOWN ? shown + " and " + (written.size() - SHOWN) + " more" : shown;
    }
}
