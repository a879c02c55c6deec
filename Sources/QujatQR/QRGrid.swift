/// The symbol while it is being filled: which modules are dark and which belong to the fixed
/// patterns (finders, timing, alignment, format and version information). x is the column,
/// y the row.
struct QRGrid {
    let version: Int
    let size: Int
    var dark: [UInt8]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        dark = Array(repeating: 0, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func set(x: Int, y: Int, _ on: Bool) {
        dark[y * size + x] = on ? 1 : 0
        isFunction[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(x: 6, y: i, i % 2 == 0)
            set(x: i, y: 6, i % 2 == 0)
        }
        drawFinder(x: 3, y: 3)
        drawFinder(x: size - 4, y: 3)
        drawFinder(x: 3, y: size - 4)
        let positions = alignmentPositions()
        let last = positions.count - 1
        for (i, y) in positions.enumerated() {
            for (j, x) in positions.enumerated() where !(i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0) {
                drawAlignment(x: x, y: y)
            }
        }
        drawFormatBits(mask: 0)
        drawVersion()
    }

    private mutating func drawFinder(x: Int, y: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let xx = x + dx, yy = y + dy
                if 0 <= xx && xx < size && 0 <= yy && yy < size { set(x: xx, y: yy, distance != 2 && distance != 4) }
            }
        }
    }

    private mutating func drawAlignment(x: Int, y: Int) {
        for dy in -2...2 {
            for dx in -2...2 { set(x: x + dx, y: y + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    /// Centres of the alignment patterns along each axis.
    private func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        for i in 0..<(count - 1) { result.append(size - 7 - (count - 2 - i) * step) }
        return result
    }

    /// The 15 format bits: level M (0b00) and the mask, with their BCH code.
    static func formatBits(mask: Int) -> Int {
        let data = 0 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// Where the format bits go in a symbol of `size`: (x, y, bit), bit -1 for the module that
    /// is always dark. Both copies.
    static func formatPositions(size: Int) -> [(x: Int, y: Int, bit: Int)] {
        var result: [(x: Int, y: Int, bit: Int)] = []
        for i in 0...5 { result.append((8, i, i)) }
        result += [(8, 7, 6), (8, 8, 7), (7, 8, 8)]
        for i in 9..<15 { result.append((14 - i, 8, i)) }
        for i in 0..<8 { result.append((size - 1 - i, 8, i)) }
        for i in 8..<15 { result.append((8, size - 15 + i, i)) }
        result.append((8, size - 8, -1))
        return result
    }

    mutating func drawFormatBits(mask: Int) {
        let bits = Self.formatBits(mask: mask)
        for (x, y, bit) in Self.formatPositions(size: size) {
            set(x: x, y: y, bit < 0 || (bits >> bit) & 1 != 0)
        }
    }

    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let on = (bits >> i) & 1 != 0
            let a = size - 11 + i % 3, b = i / 3
            set(x: a, y: b, on)
            set(x: b, y: a, on)
        }
    }

    /// Places the codewords in the zigzag order of the standard, skipping fixed patterns.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bit = 0
        let total = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for j in 0..<2 {
                    let x = right - j
                    if !isFunction[y * size + x] && bit < total {
                        dark[y * size + x] = (codewords[bit >> 3] >> (7 - UInt8(bit & 7))) & 1
                        bit += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// Whether mask pattern `mask` inverts module (x, y) (if it holds data).
    static func inverts(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: return (x + y) % 2 == 0
        case 1: return y % 2 == 0
        case 2: return x % 3 == 0
        case 3: return (x + y) % 3 == 0
        case 4: return (x / 3 + y / 2) % 2 == 0
        case 5: return x * y % 2 + x * y % 3 == 0
        case 6: return (x * y % 2 + x * y % 3) % 2 == 0
        default: return ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// XORs the mask pattern over the data modules (applying it twice undoes it).
    mutating func apply(mask: Int) {
        let size = size
        isFunction.withUnsafeBufferPointer { fixed in
            dark.withUnsafeMutableBufferPointer { modules in
                for y in 0..<size {
                    for x in 0..<size where !fixed[y * size + x] && Self.inverts(mask, x: x, y: y) {
                        modules[y * size + x] ^= 1
                    }
                }
            }
        }
    }

    /// The penalty of each of the eight masks, in order.
    func penalties() -> [Int] {
        if let bits = QRBitPenalty(self) { return (0..<8).map { bits.score(mask: $0) } }
        return (0..<8).map { penalty(mask: $0) }
    }

    /// The standard's penalty of the symbol with `mask` applied (and its format bits), module
    /// by module: the reference for `QRBitPenalty`, and what symbols over version 11 use.
    func penalty(mask: Int) -> Int {
        var masked = self
        masked.apply(mask: mask)
        masked.drawFormatBits(mask: mask)
        let size = size
        var total = 0
        var line = [UInt8](repeating: 0, count: size)
        for i in 0..<size {
            for j in 0..<size { line[j] = masked.dark[i * size + j] }
            total += Self.linePenalty(line)
            for j in 0..<size { line[j] = masked.dark[j * size + i] }
            total += Self.linePenalty(line)
        }
        var darkCount = 0
        for y in 0..<size {
            for x in 0..<size {
                let c = masked.dark[y * size + x]
                darkCount += Int(c)
                if y < size - 1 && x < size - 1 && c == masked.dark[y * size + x + 1]
                    && c == masked.dark[(y + 1) * size + x] && c == masked.dark[(y + 1) * size + x + 1] {
                    total += 3
                }
            }
        }
        return total + Self.balancePenalty(dark: darkCount, size: size)
    }

    /// N4: 10 points for each 5 % the share of dark modules is away from half.
    static func balancePenalty(dark: Int, size: Int) -> Int {
        let cells = size * size
        return ((abs(dark * 20 - cells * 10) + cells - 1) / cells - 1) * 10
    }

    /// Runs of five or more modules of one colour (N1) and finder-like 1:1:3:1:1 patterns (N3)
    /// in a row or column, the light quiet zone counted around it.
    private static func linePenalty(_ line: [UInt8]) -> Int {
        var score = 0
        var history = QRFinderHistory(size: line.count)
        var runColor: UInt8 = 0
        var run = 0
        for c in line {
            if c == runColor {
                run += 1
                if run == 5 { score += 3 } else if run > 5 { score += 1 }
            } else {
                history.add(run)
                if runColor == 0 { score += history.patterns() * 40 }
                runColor = c
                run = 1
            }
        }
        if runColor == 1 {
            history.add(run)
            run = 0
        }
        history.add(run + line.count)
        return score + history.patterns() * 40
    }
}
