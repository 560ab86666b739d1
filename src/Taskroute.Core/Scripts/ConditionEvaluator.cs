using System.Globalization;
using Taskroute.Core.Configuration;
using Taskroute.Core.Flow;

namespace Taskroute.Core.Scripts;

/// <summary>Evaluates script conditions against a task, the time the command carries, and step statistics.</summary>
public static class ConditionEvaluator
{
    public readonly record struct StepCounts(int LoggedOn, int Available);

    public static bool Evaluate(Condition condition, TaskData task, long unixMilliseconds, int utcOffsetMinutes, StepCounts step = default)
    {
        switch (condition)
        {
            case AllOf all:
                for (var i = 0; i < all.Conditions.Count; i++)
                    if (!Evaluate(all.Conditions[i], task, unixMilliseconds, utcOffsetMinutes, step)) return false;
                return true;
            case AnyOf any:
                for (var i = 0; i < any.Conditions.Count; i++)
                    if (Evaluate(any.Conditions[i], task, unixMilliseconds, utcOffsetMinutes, step)) return true;
                return false;
            case Not not:
                return !Evaluate(not.Condition, task, unixMilliseconds, utcOffsetMinutes, step);
            case Comparison c:
                return Compare(c, task, unixMilliseconds, utcOffsetMinutes, step);
            default:
                return false;
        }
    }

    private static bool Compare(Comparison c, TaskData task, long now, int offset, StepCounts step)
    {
        var local = DateTimeOffset.FromUnixTimeMilliseconds(now).ToOffset(TimeSpan.FromMinutes(offset));
        switch (c.Operand)
        {
            case ConditionOperand.TimeOfDay:
                TryParseTimeOfDay(c.Value, out var minutes);
                return CompareNumbers(local.Hour * 60 + local.Minute, minutes, c.Operator);
            case ConditionOperand.DayOfWeek:
                Enum.TryParse<DayOfWeek>(c.Value, true, out var day);
                return CompareNumbers((int)local.DayOfWeek, (int)day, c.Operator);
            case ConditionOperand.TaskPriority:
                return CompareNumbers(task.Priority, int.Parse(c.Value, CultureInfo.InvariantCulture), c.Operator);
            case ConditionOperand.LoggedOnAgents:
                return CompareNumbers(step.LoggedOn, int.Parse(c.Value, CultureInfo.InvariantCulture), c.Operator);
            case ConditionOperand.AvailableAgents:
                return CompareNumbers(step.Available, int.Parse(c.Value, CultureInfo.InvariantCulture), c.Operator);
            case ConditionOperand.CallVariable:
                return CompareText(task.CallVariable(c.Number) ?? "", c.Value, c.Operator);
            case ConditionOperand.EccVariable:
                return CompareText(task.EccVariable(c.Name ?? "") ?? "", c.Value, c.Operator);
            default:
                return false;
        }
    }

    private static bool CompareText(string left, string right, CompareOperator op)
    {
        if (op == CompareOperator.Contains) return left.Contains(right, StringComparison.Ordinal);
        if (decimal.TryParse(left, NumberStyles.Number, CultureInfo.InvariantCulture, out var l) &&
            decimal.TryParse(right, NumberStyles.Number, CultureInfo.InvariantCulture, out var r))
            return CompareOrder(l.CompareTo(r), op);
        return CompareOrder(string.CompareOrdinal(left, right), op);
    }

    private static bool CompareNumbers(int left, int right, CompareOperator op) => CompareOrder(left.CompareTo(right), op);

    private static bool CompareOrder(int order, CompareOperator op) => op switch
    {
        CompareOperator.Equal => order == 0,
        CompareOperator.NotEqual => order != 0,
        CompareOperator.LessThan => order < 0,
        CompareOperator.LessOrEqual => order <= 0,
        CompareOperator.GreaterThan => order > 0,
        CompareOperator.GreaterOrEqual => order >= 0,
        CompareOperator.Contains => order == 0,
        _ => false,
    };

    public static bool TryParseTimeOfDay(string? text, out int minutes)
    {
        minutes = 0;
        if (!TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        minutes = t.Hour * 60 + t.Minute;
        return true;
    }
}
