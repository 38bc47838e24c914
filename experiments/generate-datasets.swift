// generate-datasets.swift — deterministic demo datasets for ftsweep experiments.
//
// Usage (from the repository root):
//     swift experiments/generate-datasets.swift experiments/data
//
// Writes OpenAI chat fine-tuning JSONL:
//     <out>/ad-checker/{train,valid,test}.jsonl   binary: "yes" (compliant ad) / "no"
//     <out>/triage/{train,valid,test}.jsonl       5 classes: billing, bug, account, feature, outage
//
// The output is byte-identical on every run and platform: all randomness comes from the
// SplitMix64 generator below with fixed seeds (never the stdlib's random APIs, whose algorithms
// may change), dictionaries are never iterated, and the JSON is written by hand.
// The generated files must not be edited by hand; change this script and regenerate.

import Foundation

// MARK: - PRNG

/// SplitMix64 (Steele, Lea & Flood 2014; reference: https://prng.di.unimi.it/splitmix64.c).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0..<n (rejection sampling, no modulo bias).
    mutating func int(_ n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        let limit = UInt64.max - (UInt64.max % bound)
        while true {
            let r = next()
            if r < limit { return Int(r % bound) }
        }
    }

    /// Uniform integer in the closed range.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.count)
    }

    /// true with probability percent/100.
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Fisher–Yates shuffle.
    mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count - 1
        while i > 0 {
            let j = int(i + 1)
            items.swapAt(i, j)
            i -= 1
        }
    }
}

// MARK: - Text helpers

/// Replaces every `{key}` in `template` with `value(key)`, left to right.
func fill(_ template: String, _ value: (String) -> String) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else {
            fatalError("unterminated placeholder in template: \(template)")
        }
        let key = String(rest[rest.index(after: open)..<close])
        out += value(key)
        rest = rest[rest.index(after: close)...]
    }
    out += rest
    return out
}

func capitalizedFirst(_ s: String) -> String {
    guard let first = s.first else { return s }
    return first.uppercased() + s.dropFirst()
}

/// JSON string literal (with quotes), RFC 8259 escaping.
func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    out += "\""
    return out
}

func chatLine(system: String, user: String, assistant: String) -> String {
    "{\"messages\":["
        + "{\"role\":\"system\",\"content\":\(jsonString(system))},"
        + "{\"role\":\"user\",\"content\":\(jsonString(user))},"
        + "{\"role\":\"assistant\",\"content\":\(jsonString(assistant))}"
        + "]}"
}

let maxUserChars = 300

struct Example {
    let user: String
    let label: String
}

struct Split {
    let name: String
    let size: Int
}

/// Generates one dataset: for each split, an exactly balanced (as far as divisibility allows)
/// shuffled label sequence, one example per label, regenerating on any line already produced for
/// this dataset (any split) or on user content longer than `maxUserChars`.
func generateDataset(
    name: String, seed: UInt64, system: String, labels: [String], splits: [Split],
    make: (inout SplitMix64, String) -> Example
) -> [(split: String, lines: [String], counts: [Int])] {
    var rng = SplitMix64(seed: seed)
    var seen = Set<String>()
    var result: [(split: String, lines: [String], counts: [Int])] = []
    for split in splits {
        var sequence: [String] = []
        for (i, label) in labels.enumerated() {
            let n = split.size / labels.count + (i < split.size % labels.count ? 1 : 0)
            sequence += Array(repeating: label, count: n)
        }
        rng.shuffle(&sequence)
        var lines: [String] = []
        var counts = Array(repeating: 0, count: labels.count)
        for label in sequence {
            var attempts = 0
            while true {
                attempts += 1
                if attempts > 100_000 {
                    fatalError("\(name)/\(split.name): cannot produce a new unique '\(label)' example")
                }
                let ex = make(&rng, label)
                precondition(ex.label == label)
                if ex.user.count > maxUserChars { continue }
                let line = chatLine(system: system, user: ex.user, assistant: ex.label)
                if seen.contains(line) { continue }
                seen.insert(line)
                lines.append(line)
                counts[labels.firstIndex(of: label)!] += 1
                break
            }
        }
        result.append((split.name, lines, counts))
    }
    return result
}

// MARK: - Ad checker (binary)

let adSystem =
    "You check whether an ad follows the advertising policy. Ads must not make guaranteed, miraculous, medical-cure, risk-free or get-rich claims. Answer yes if the ad is compliant, otherwise no."

let adCompanies = [
    "Brightleaf", "Northwind Goods", "Kestrel Labs", "Bluepine", "Harbor & Co", "Sunmill",
    "Orchard Row", "Tidewater Health", "Copperfield", "Alder Fitness", "Lumen Home",
    "Redwood Finance", "Quillstone", "Mossgate", "Silverline Travel", "Foxglove Beauty",
    "Ironbark Tools", "Pebble Kitchen", "Starling Pet Co", "Juniper Learning", "Everfield Farms",
    "Clearwater Optics", "Maple & Main", "Vantage Audio", "Driftwood Outdoors", "Cobalt Games",
    "Hearthstone Bakery", "Nimbus Cloud", "Saffron Spice Co", "Granite Insurance",
    "Willow Wellness", "Beacon Bank", "Tandem Bikes", "Larkspur Garden", "Summit Coffee",
    "Ember Candles", "Oakridge Furniture", "Pinnacle Fitness", "Riverstone Apparel",
    "Zephyr Electronics",
]

let adProducts = [
    "protein powder", "running shoes", "budgeting app", "herbal tea", "face cream",
    "vitamin gummies", "standing desk", "noise-cancelling headphones", "yoga mat",
    "electric toothbrush", "meal kit subscription", "online Spanish course", "air purifier",
    "hair serum", "smartwatch", "dog food", "travel insurance", "savings account", "coffee beans",
    "scented candles", "mattress", "water bottle", "gaming headset", "skin cleanser",
    "resistance bands", "cookware set", "language app", "sleep supplement", "rain jacket", "e-bike",
    "garden seeds", "phone case", "desk lamp", "fitness tracker", "meditation app", "sunscreen",
    "cat litter", "blender", "backpack", "weight-loss shake",
]

/// Compliant ad bodies. Placeholders: {company} {product} {Product} {pct} {price} {days}.
let adCompliantTemplates = [
    "Meet the new {product} from {company}. Designed for everyday use, with a 30-day return policy.",
    "{company} introduces its {product}. Try it for a month and see if it fits your routine.",
    "Looking for a better {product}? {company} has new options in stock this week.",
    "Save {pct}% on our {product} at {company} through Sunday. Terms apply.",
    "{Product} by {company}: thoughtfully made, fairly priced, and shipped free on orders over $50.",
    "Customers rate our {product} 4.6 out of 5. Read the reviews on the {company} website.",
    "New season, new {product}. Visit {company} to compare models and prices.",
    "The {company} {product} now comes in three sizes. Find the one that suits you.",
    "Upgrade your routine with our {product}. Available online and in select stores.",
    "Made with care by {company}, this {product} helps you get a little more done each day.",
    "Free shipping on {product} orders this month. See the {company} site for details.",
    "{Product} from {company}: simple to set up, easy to use, and backed by a friendly support team.",
    "Ask about our student discount on the {product}. {company} helps you stay on budget.",
    "Join thousands of people who use our {product} every day. Learn more at {company}.",
    "{company} has redesigned its {product} based on your feedback. Take a look.",
    "Gift idea: the {product} from {company}, now with optional gift wrapping.",
    "Compare {product} options side by side on the {company} site and pick what works for you.",
    "Spring sale: {product} from ${price}, while supplies last at {company}.",
    "Questions about our {product}? Chat with the {company} team seven days a week.",
    "Our {product} is built to last and comes with a two-year limited warranty.",
    "Start a free {days}-day trial of the {company} {product} today. Cancel anytime.",
    "Responsibly sourced and carefully tested, our {product} is available at a store near you.",
    "{company} offers free online tutorials for everyone who owns our {product}.",
    "Order your {product} by Friday for weekend delivery. Standard shipping rates apply.",
    "Bundle the {product} with any accessory and save {pct}% at {company}.",
    "Our {product} now ships in recycled packaging. Thanks for choosing {company}.",
    "See how the {product} fits into your day. Watch the demo on the {company} channel.",
    "Individual results may vary. Talk to a {company} advisor to see if our {product} is right for you.",
    "Back in stock: the {company} {product}. Members get early access.",
    "Prices on our {product} start at ${price}. Financing is available for eligible buyers.",
    "Rated a top pick by our community, the {product} from {company} is ready when you are.",
    "Your feedback shaped our new {product}. Discover what's new at {company}.",
]

/// Neutral sentences sometimes appended to compliant ads so length alone does not give the label.
let adNeutralExtras = [
    "Order now.", "Limited stock.", "Available nationwide.", "Terms and conditions apply.",
    "Shop today.", "See store for details.", "Offer ends soon.", "Sizes and colors vary.",
]

/// Prohibited claims; every one contains at least one phrase from `adTriggerPhrases`.
let adViolatingClaims = [
    "Guaranteed results in just {days} days!",
    "It cures joint pain for good.",
    "Completely risk-free for everyone.",
    "100% effective, every single time.",
    "The miracle product everyone is talking about!",
    "No side effects, ever.",
    "Get rich fast with zero effort.",
    "Lose 10 kg in a week without dieting!",
    "Cures anxiety and insomnia overnight.",
    "Guaranteed to double your income this month.",
    "Reverses aging in 24 hours, guaranteed.",
    "A miracle cure for hair loss.",
    "Risk-free returns of {pct}% a month.",
    "Burn fat while you sleep: 100% effective.",
    "Never get sick again, because it cures the common cold.",
    "Doctors can't explain these miracle results.",
    "Get rich working just one hour a day.",
    "Guaranteed weight loss with no side effects.",
    "It cures acne permanently in {days} days.",
    "Lose 10 kg in a week or your money back.",
    "Instant, guaranteed results for 100% of users.",
    "A risk-free way to clear all your debt overnight.",
]

/// Lower-cased phrases that make an ad non-compliant (used to self-check the generator).
let adTriggerPhrases = [
    "guaranteed", "cure", "risk-free", "100% effective", "100% of users", "miracle",
    "no side effects", "get rich", "lose 10 kg in a week",
]

/// Ways of combining a claim with an ad. {base} is a filled compliant template.
let adViolatingFrames = [
    "{claim} {base}",
    "{base} {claim}",
    "{claim} {base}",
    "{base} {claim}",
    "{Product} from {company}. {claim} Order now.",
    "{claim} Try the {product} from {company} today.",
    "New from {company}: our {product}. {claim}",
    "{company} {product}: {claim} Limited stock.",
]

func makeAd(_ rng: inout SplitMix64, _ label: String) -> Example {
    let company = rng.pick(adCompanies)
    let product = rng.pick(adProducts)
    func value(_ key: String) -> String {
        switch key {
        case "company": return company
        case "product": return product
        case "Product": return capitalizedFirst(product)
        case "pct": return String(rng.pick([10, 15, 20, 25, 30, 40]))
        case "price": return String(rng.pick([9, 12, 19, 29, 39, 49, 79, 99, 149]))
        case "days": return String(rng.pick([3, 5, 7, 10, 14, 30]))
        default: fatalError("unknown ad placeholder {\(key)}")
        }
    }
    var base = fill(rng.pick(adCompliantTemplates), value)
    let ad: String
    if label == "yes" {
        if rng.chance(50) { base += " " + rng.pick(adNeutralExtras) }
        ad = base
    } else {
        let claim = fill(rng.pick(adViolatingClaims), value)
        ad = fill(rng.pick(adViolatingFrames)) { key in
            switch key {
            case "claim": return claim
            case "base": return base
            default: return value(key)
            }
        }
    }
    // Self-check: the label is exactly "contains a prohibited phrase".
    let lower = ad.lowercased()
    let violates = adTriggerPhrases.contains { lower.contains($0) }
    precondition(violates == (label == "no"), "ad label mismatch (\(label)): \(ad)")
    let user = "Company: \(company)\nProduct: \(product)\nAd: \(ad)"
    return Example(user: user, label: label)
}

// MARK: - Support-ticket triage (5 classes)

let triageLabels = ["billing", "bug", "account", "feature", "outage"]

let triageSystem =
    "You route support tickets. Answer with one of: billing, bug, account, feature, outage."

let triageProducts = [
    "Acme CRM", "Nimbus Drive", "PixelPad", "Ledgerly", "ShipFast", "TaskTide", "Chatterbox",
    "Beacon Analytics", "FormForge", "Quillnotes", "RouteWise", "Harbor HR",
]

let triageNames = [
    "Priya", "Marco", "Aiko", "Daniel", "Fatima", "Lukas", "Sofia", "Kwame", "Elena", "Tom",
    "Mei", "Omar", "Hannah", "Diego", "Ingrid", "Raj", "Chloe", "Yusuf", "Anna", "Ben",
]

/// Per class: subject lines and body sentences.
/// Placeholders: {product} {amount} {date} {month} {num} {platform} {errmsg} {email} {name2}
/// {integration} {region} {minutes} {time} {acct} {year} {seats}.
let triageSubjects: [String: [String]] = [
    "billing": [
        "Charged twice this month", "Question about my invoice", "Refund request",
        "Card declined on renewal", "Unexpected charge of {amount}", "Subscription price went up",
        "Need a copy of invoice #{num}", "Wrong tax on my bill", "Billing question",
    ],
    "bug": [
        "App crashes on startup", "Error when exporting", "Save button doesn't work",
        "Editor freezes after update", "Strange error message in {product}",
        "Export produces an empty file", "Search returns wrong results", "Images not loading",
        "Something is broken in {product}",
    ],
    "account": [
        "Can't reset my password", "Locked out of my account", "2FA code not arriving",
        "Change the email on my account", "Stuck in a login loop", "Transfer account ownership",
        "Please delete my account", "Lost my authenticator phone", "Sign-in problem",
    ],
    "feature": [
        "Feature request: dark mode", "Suggestion for {product}", "Add support for {integration}?",
        "Idea: bulk editing", "Request: export to PDF", "Would love keyboard shortcuts",
        "Please add a Linux client", "Wishlist item", "Small product idea",
    ],
    "outage": [
        "{product} is down", "Service unreachable", "503 errors for everyone",
        "Nothing loads right now", "Is there an outage?", "All users affected in {region}",
        "API timing out", "Site not responding", "Urgent: {product} offline",
    ],
]

let triageBodies: [String: [String]] = [
    "billing": [
        "I was charged {amount} twice for my {product} subscription on {date}.",
        "Our invoice for {month} shows {amount}, but our plan should be cheaper.",
        "Can I get a refund for the annual plan I bought by mistake?",
        "My credit card was declined when the subscription tried to renew.",
        "The subscription price increased without notice and I'd like to understand why.",
        "Please send a corrected invoice that includes our company VAT number.",
        "I cancelled last month but I still see a charge of {amount} on my card.",
        "We were billed for {seats} seats but only use 8.",
        "How do I update the card on file for billing?",
        "The receipt shows the wrong currency; we should be invoiced in EUR.",
    ],
    "bug": [
        "{product} crashes every time I open the settings page on {platform}.",
        "I get the error message \"{errmsg}\" when I try to export a report.",
        "The Save button doesn't work; nothing happens when I click it.",
        "Since the latest update the editor freezes after a few minutes on {platform}.",
        "Importing a CSV shows \"{errmsg}\" and the import stops halfway.",
        "Search returns results from the wrong project.",
        "The dashboard chart shows negative values, which can't be right.",
        "Dragging a file into the window makes the app close without any error.",
        "Dates are shown one day off in the calendar view.",
        "The {platform} app shows a blank screen after I log in.",
    ],
    "account": [
        "The password reset email never arrives, not even in spam.",
        "I'm locked out after too many login attempts.",
        "My 2FA codes are rejected even though the clock on my phone is correct.",
        "I'd like to change the email address on my account to {email}.",
        "I got a new phone and lost access to my authenticator app.",
        "Please transfer ownership of our workspace to {name2}, who is taking over as admin.",
        "How do I delete my account and all associated data?",
        "Every time I log in I'm sent straight back to the login page.",
        "I want to change my username but the option is greyed out.",
        "Our SSO login stopped accepting my credentials on {date}.",
    ],
    "feature": [
        "It would be great if {product} had a dark mode.",
        "Please add support for {integration} so we can sync our data automatically.",
        "Could you let us edit several records at once? That would save us hours.",
        "I'd love an option to export reports as PDF.",
        "A keyboard shortcut for creating new items would be really useful.",
        "Are there plans to offer a native Linux client?",
        "It would be nice to schedule reports to be emailed every Monday.",
        "We'd like to define custom roles with finer-grained permissions.",
        "Consider adding an API endpoint for bulk imports from {integration}.",
        "My team requests a calendar view for tasks.",
    ],
    "outage": [
        "{product} has been down for all users in our office for the last {minutes} minutes.",
        "Every request returns 503 Service Unavailable since {time}.",
        "The site is unreachable from {region}, but your status page says all systems are operational.",
        "None of our {seats} users can load the app right now.",
        "The API is timing out on every call, so all our integrations are failing.",
        "Is there an outage? Nothing loads and the whole team is blocked.",
        "We're getting 502 and 503 errors across all regions.",
        "The service went down during our launch at {time} and is still not back up.",
        "Pages hang forever and then show a gateway timeout.",
        "All of our users were disconnected at once and can't reconnect.",
    ],
]

/// Mild distractors shared by all classes (they borrow other classes' vocabulary in passing).
let triageDistractors = [
    "I'm on the Team plan.",
    "This is for our {product} workspace.",
    "Our account ID is {acct}.",
    "We've been customers since {year}.",
    "I already checked your help center.",
    "A colleague mentioned something similar yesterday.",
    "Not urgent, but I'd appreciate a reply.",
    "This is pretty urgent for us.",
    "Thanks for an otherwise great product.",
    "We use it on {platform} mostly.",
]

let triageSignoffs = ["Thanks, {name}", "Regards, {name}", "- {name}", "Cheers, {name}", "{name}"]

let triageErrorMessages = [
    "Something went wrong (code 500)",
    "TypeError: cannot read property 'id' of undefined",
    "Export failed: invalid path C:\\Reports\\Q3",
    "Unexpected token < in JSON at position 0",
    "ERR_FILE_NOT_FOUND",
    "Permission check failed\tretry later",
]

func makeTicket(_ rng: inout SplitMix64, _ label: String) -> Example {
    let product = rng.pick(triageProducts)
    let name = rng.pick(triageNames)
    func value(_ key: String) -> String {
        switch key {
        case "product": return product
        case "name": return name
        case "name2": return rng.pick(triageNames.filter { $0 != name })
        case "amount":
            return "$" + String(rng.pick([9, 12, 19, 29, 49, 99, 120, 249, 480])) + "."
                + rng.pick(["00", "50", "99"])
        case "date":
            return rng.pick(["March", "April", "May", "June", "July", "September"]) + " "
                + String(rng.int(1...28))
        case "month": return rng.pick(["January", "February", "March", "October", "November"])
        case "num": return String(rng.int(10_000...99_999))
        case "platform": return rng.pick(["iOS", "Android", "Windows", "macOS", "Chrome", "Firefox"])
        case "errmsg": return rng.pick(triageErrorMessages)
        case "email": return name.lowercased() + rng.pick(["@example.com", "@example.org", ".work@example.net"])
        case "integration":
            return rng.pick(["Slack", "Salesforce", "Google Calendar", "Zapier", "Jira", "Outlook"])
        case "region":
            return rng.pick(["Europe", "the US East Coast", "Singapore", "Australia", "Brazil", "India"])
        case "minutes": return String(rng.pick([10, 15, 20, 30, 45, 60, 90]))
        case "time":
            return String(rng.int(0...23)) + ":" + rng.pick(["00", "05", "15", "20", "30", "40", "55"])
                + " UTC"
        case "acct": return "AC-" + String(rng.int(100_000...999_999))
        case "year": return String(rng.int(2015...2023))
        case "seats": return String(rng.pick([12, 15, 20, 25, 40, 60]))
        default: fatalError("unknown triage placeholder {\(key)}")
        }
    }
    let subject = fill(rng.pick(triageSubjects[label]!), value)
    let bodies = triageBodies[label]!
    let first = rng.int(bodies.count)
    var sentences = [fill(bodies[first], value)]
    if rng.chance(40) {
        var second = rng.int(bodies.count - 1)
        if second >= first { second += 1 }
        sentences.append(fill(bodies[second], value))
    }
    if rng.chance(35) {
        let d = fill(rng.pick(triageDistractors), value)
        if rng.chance(50) { sentences.insert(d, at: 0) } else { sentences.append(d) }
    }
    var user = "Subject: \(subject)\n" + sentences.joined(separator: " ")
    if rng.chance(50) { user += "\n" + fill(rng.pick(triageSignoffs), value) }
    return Example(user: user, label: label)
}

// MARK: - Main

let args = CommandLine.arguments
guard args.count == 2 else {
    FileHandle.standardError.write(Data("usage: swift experiments/generate-datasets.swift OUTPUT_DIR\n".utf8))
    exit(64)
}
let outRoot = URL(fileURLWithPath: args[1], isDirectory: true)

func write(dataset: String, labels: [String], splits: [(split: String, lines: [String], counts: [Int])]) {
    let dir = outRoot.appendingPathComponent(dataset, isDirectory: true)
    do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for s in splits {
            let file = dir.appendingPathComponent(s.split + ".jsonl")
            let text = s.lines.map { $0 + "\n" }.joined()
            try Data(text.utf8).write(to: file)
            let counts = zip(labels, s.counts).map { "\($0)=\($1)" }.joined(separator: " ")
            print("\(dataset)/\(s.split).jsonl: \(s.lines.count) lines  \(counts)")
        }
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}

let adLabels = ["yes", "no"]
write(
    dataset: "ad-checker", labels: adLabels,
    splits: generateDataset(
        name: "ad-checker", seed: 0x00AD_C0DE_2024_0001, system: adSystem, labels: adLabels,
        splits: [Split(name: "train", size: 240), Split(name: "valid", size: 60), Split(name: "test", size: 100)],
        make: makeAd))

write(
    dataset: "triage", labels: triageLabels,
    splits: generateDataset(
        name: "triage", seed: 0x0074_81A6_2024_0002, system: triageSystem, labels: triageLabels,
        splits: [Split(name: "train", size: 300), Split(name: "valid", size: 75), Split(name: "test", size: 100)],
        make: makeTicket))
