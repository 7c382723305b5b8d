Console.WriteLine("LiveDash silo: not wired yet.");
