namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>The same producer marked <c>[Reentrant]</c>: concurrent calls publish without waiting for each other's numbering.</summary>
public interface IReentrantStreamBenchProducerGrain : IStreamBenchPublisher;
