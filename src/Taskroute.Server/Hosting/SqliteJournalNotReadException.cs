namespace Taskroute.Server.Hosting;

/// <summary>
/// A start on <c>--storage postgres</c> whose PostgreSQL journal is empty, over a data directory
/// whose <c>journal.db</c> holds records: the server would serve none of them (every acknowledged
/// task left behind, every agent signed out), and nothing moves them over. Refused, with the two ways on.
/// </summary>
public sealed class SqliteJournalNotReadException(string message) : Exception(message);
