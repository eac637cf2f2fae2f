/// Function words of the languages newswatch meets most, dropped before weighting. With thousands of
/// stored items inverse document frequency already silences them; the list matters on a young database,
/// whose first passes have too few items for the statistics to tell "the" from "ferry".
enum StopWords {
    private static let words = """
    a about above after again against all also am an and any are as at be because been before being below between both but by \
    can could did do does doing down during each few for from further had has have having he her here hers herself him himself \
    his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours \
    ourselves out over own same she should so some such than that the their theirs them themselves then there these they this \
    those through to too under until up very was we were what when where which while who whom why will with would you your \
    yours yourself yourselves said says say new one two first last year years week also its via per amid \
    le la les un une des du de et est en dans pour par sur au aux ce cette ces qui que pas plus ne se sont avec il elle ils \
    der die das und ist ein eine einen dem den des im mit von zu auf für nicht sich auch es am aus bei nach wie wird \
    el los las unos unas del y es por con para lo como pero sus su al mas se ha \
    o os um uma do da dos das em no na nos nas com ao pelo pela \
    il lo gli di che è per con non una sono della nel \
    het een van en ik je dat op te zijn niet met voor
    """
    static let termIDs: TermTable<Int32> = {
        var table = TermTable<Int32>(capacity: 512)
        var tokenizer = Tokenizer()
        for term in tokenizer.tokens(of: words, limit: 10_000, dropFurniture: false, keepStopWords: true).terms { table.add(term, 1) }
        return table
    }()
}
