package fr.caducee.audit;

import java.time.YearMonth;
import java.util.Map;

/**
 * The monthly usage indicators an operator reports, computed from the trail.
 *
 * @param month          the UTC calendar month
 * @param sent           messages accepted on submission, by the type of the box they were sent as (the envelope
 *                       sender, or the login when the sender is not a box of ours)
 * @param received       deliveries into local boxes, one per recipient, by the recipient's box type; the server's
 *                       own notifications (null sender: delivery status notifications) are not counted
 * @param activeBoxes    local boxes that sent or received at least one message
 * @param activeByType   the same, by box type
 * @param refusalsByRule refusals, by the rule that refused
 * @param decisions      every record of the month, by decision
 * @param emergencyVisits the visits to an emergency department the hospital gateway recorded ({@code ED_ARRIVAL}),
 *                        by the rule of the last outcome the month recorded for each (a visit is named by its
 *                        hospital, the sender, and its {@code mail}, {@code ed-visit:<id>}): the server tells the
 *                        share of patients whose GP was notified from them
 */
public record UsageIndicators(YearMonth month, Map<String, Long> sent, Map<String, Long> received, long activeBoxes,
                              Map<String, Long> activeByType, Map<String, Long> refusalsByRule,
                              Map<Decision, Long> decisions, Map<String, Long> emergencyVisits) {
    public UsageIndicators {
        sent = Map.copyOf(sent);
        received = Map.copyOf(received);
        activeByType = Map.copyOf(activeByType);
        refusalsByRule = Map.copyOf(refusalsByRule);
        decisions = Map.copyOf(decisions);
        emergencyVisits = Map.copyOf(emergencyVisits);
    }
}
