import Foundation
import Model
import CSQLite
