namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>The producer as the application's grains are: not reentrant, so each call's turn lasts until the stream has numbered its item.</summary>
public interface IStreamBenchProducerGrain : IStreamBenchPublisher;
