package fr.caducee.gateway.admission;

import fr.caducee.rules.Rule;

/** What became of telling the GP about an arrival at the ED: stored for every arrival, never silent. */
public enum EdOutcome {
    SENT(Rule.ED_GP_NOTIFIED),
    NO_GP(Rule.ED_NO_GP),
    GP_UNKNOWN(Rule.ED_GP_UNKNOWN),
    GP_NO_BOX(Rule.ED_GP_NO_BOX),
    GP_BOX_SUSPENDED(Rule.ED_GP_BOX_SUSPENDED),
    /** The submission chain refused the notice: its rule and sentence are in the reason. */
    REFUSED(Rule.ED_NOTICE_REFUSED),
    CANCELLED(Rule.ED_CANCELLED);

    private final Rule rule;

    EdOutcome(Rule rule) {
        this.rule = rule;
    }

    /** The rule the audit trail records this outcome with. */
    public Rule rule() {
        return rule;
    }
}
