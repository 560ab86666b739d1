using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;

namespace Taskroute.Core.Modules.Router;

/// <summary>Decides whether an agent's attributes satisfy a precision queue step, and how skilled that makes the agent.</summary>
internal static class PrecisionQueueMembership
{
    public static bool Matches(PrecisionQueueStep step, RoutingModel model, int agentIndex, out int skill)
    {
        var values = model.AgentAttributes[agentIndex];
        skill = 0;
        var any = false;
        var all = true;
        foreach (var expression in step.Expressions)
        {
            var ok = Evaluate(expression, model, values, ref skill);
            any |= ok;
            all &= ok;
        }
        return step.Join == LogicalJoin.And ? all : any;
    }

    private static bool Evaluate(AttributeExpression expression, RoutingModel model, int[] values, ref int skill)
    {
        var any = false;
        var all = true;
        foreach (var term in expression.Terms)
        {
            var index = model.AttributeIndex[term.Attribute];
            var definition = model.Attributes[index];
            var have = values[index];
            var want = AttributeValue.Parse(definition.Type, term.Value) ?? 0;
            // An agent without the attribute reads as false, or as no proficiency at all.
            var actual = have < 0 ? 0 : have;
            var ok = term.Operator switch
            {
                CompareOperator.Equal => actual == want,
                CompareOperator.NotEqual => actual != want,
                CompareOperator.LessThan => have >= 0 && actual < want,
                CompareOperator.LessOrEqual => have >= 0 && actual <= want,
                CompareOperator.GreaterThan => actual > want,
                CompareOperator.GreaterOrEqual => actual >= want,
                _ => false,
            };
            if (ok && definition.Type == AttributeType.Proficiency) skill += actual;
            any |= ok;
            all &= ok;
        }
        return expression.Join == LogicalJoin.And ? all : any;
    }
}
