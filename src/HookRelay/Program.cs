using HookRelay.Cli;

return await CliApp.RunAsync(args);
