import ArgumentParser
@main struct Entry: AsyncParsableCommand {}
